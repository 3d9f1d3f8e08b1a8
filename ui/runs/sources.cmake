list(APPEND PW_UI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/runlistmodel.h
  ${CMAKE_CURRENT_LIST_DIR}/runlistmodel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runlogview.h
  ${CMAKE_CURRENT_LIST_DIR}/runlogview.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runsarea.h
  ${CMAKE_CURRENT_LIST_DIR}/runsarea.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runstagemodel.h
  ${CMAKE_CURRENT_LIST_DIR}/runstagemodel.cpp
)
