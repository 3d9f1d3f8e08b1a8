list(APPEND PW_UI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/iconset.h
  ${CMAKE_CURRENT_LIST_DIR}/iconset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mainwindow.h
  ${CMAKE_CURRENT_LIST_DIR}/mainwindow.cpp
  ${CMAKE_CURRENT_LIST_DIR}/modebar.h
  ${CMAKE_CURRENT_LIST_DIR}/modebar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recentfiles.h
  ${CMAKE_CURRENT_LIST_DIR}/recentfiles.cpp
  ${CMAKE_CURRENT_LIST_DIR}/statuspalette.h
  ${CMAKE_CURRENT_LIST_DIR}/statuspalette.cpp
)
