list(APPEND PW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/diagnostic.h
  ${CMAKE_CURRENT_LIST_DIR}/diagnostic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/duration.h
  ${CMAKE_CURRENT_LIST_DIR}/duration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.h
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stepkindregistry.h
  ${CMAKE_CURRENT_LIST_DIR}/stepkindregistry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipelineloader.h
  ${CMAKE_CURRENT_LIST_DIR}/pipelineloader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipelinewriter.h
  ${CMAKE_CURRENT_LIST_DIR}/pipelinewriter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipelinevalidator.h
  ${CMAKE_CURRENT_LIST_DIR}/pipelinevalidator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/whenexpression.h
  ${CMAKE_CURRENT_LIST_DIR}/whenexpression.cpp
)
# Importers are listed in importers/sources.cmake (owned with the importers).
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/importers/sources.cmake)
  include(${CMAKE_CURRENT_LIST_DIR}/importers/sources.cmake)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/source/sources.cmake OPTIONAL)
