list(APPEND PW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/bluegreenstatus.h
  ${CMAKE_CURRENT_LIST_DIR}/bluegreenstatus.cpp
  ${CMAKE_CURRENT_LIST_DIR}/smokecheck.h
  ${CMAKE_CURRENT_LIST_DIR}/smokecheck.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bluegreencontroller.h
  ${CMAKE_CURRENT_LIST_DIR}/bluegreencontroller.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bluegreensteprunner.h
  ${CMAKE_CURRENT_LIST_DIR}/bluegreensteprunner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bluegreenwatcher.h
  ${CMAKE_CURRENT_LIST_DIR}/bluegreenwatcher.cpp
)
