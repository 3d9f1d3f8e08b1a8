# The blue/green environments panel (issue 10): cards, traffic toggle, history.
list(APPEND PW_UI_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/elidedlabel.h
  ${CMAKE_CURRENT_LIST_DIR}/elidedlabel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/colourcard.h
  ${CMAKE_CURRENT_LIST_DIR}/colourcard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/switchhistorymodel.h
  ${CMAKE_CURRENT_LIST_DIR}/switchhistorymodel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/environmentpanel.h
  ${CMAKE_CURRENT_LIST_DIR}/environmentpanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/environmentsarea.h
  ${CMAKE_CURRENT_LIST_DIR}/environmentsarea.cpp
)
