list(APPEND PW_UI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/recentcommitsmodel.h
  ${CMAKE_CURRENT_LIST_DIR}/recentcommitsmodel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recentcommitsloader.h
  ${CMAKE_CURRENT_LIST_DIR}/recentcommitsloader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recentcommitsview.h
  ${CMAKE_CURRENT_LIST_DIR}/recentcommitsview.cpp
)
