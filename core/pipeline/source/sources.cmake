list(APPEND PW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/yamlblock.h
  ${CMAKE_CURRENT_LIST_DIR}/yamlblock.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipelinesource.h
  ${CMAKE_CURRENT_LIST_DIR}/pipelinesource.cpp
)
