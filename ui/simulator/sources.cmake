list(APPEND PW_UI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/ratecontrol.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulatorplots.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulatorarea.cpp
)
