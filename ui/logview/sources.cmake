list(APPEND PW_UI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/logviewmodel.h
  ${CMAKE_CURRENT_LIST_DIR}/logviewmodel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loglinepainter.h
  ${CMAKE_CURRENT_LIST_DIR}/loglinepainter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logtailfollower.h
  ${CMAKE_CURRENT_LIST_DIR}/logtailfollower.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loghitmap.h
  ${CMAKE_CURRENT_LIST_DIR}/loghitmap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logsearchbar.h
  ${CMAKE_CURRENT_LIST_DIR}/logsearchbar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logview.h
  ${CMAKE_CURRENT_LIST_DIR}/logview.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logviewer.h
  ${CMAKE_CURRENT_LIST_DIR}/logviewer.cpp
)
