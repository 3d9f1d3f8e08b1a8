list(APPEND PW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/queuemodel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/queueparameters.cpp
  ${CMAKE_CURRENT_LIST_DIR}/erlang.cpp
  ${CMAKE_CURRENT_LIST_DIR}/analyticqueue.cpp
)
