list(APPEND PW_UI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/kubeclusterpanel.h
  ${CMAKE_CURRENT_LIST_DIR}/kubeclusterpanel.cpp
)
