list(APPEND PW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/projectcalibration.h
  ${CMAKE_CURRENT_LIST_DIR}/projectcalibration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/queuemodel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/queueparameters.cpp
  ${CMAKE_CURRENT_LIST_DIR}/erlang.cpp
  ${CMAKE_CURRENT_LIST_DIR}/analyticqueue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/randomstream.cpp
  ${CMAKE_CURRENT_LIST_DIR}/distribution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulationconfig.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulationresult.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulationrecorder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lindleysimulator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/multiserversimulator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/eventsimulator.cpp
  ${CMAKE_CURRENT_LIST_DIR}/queuesimulator.cpp
)
list(APPEND PW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/simulationworker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulationrunner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/arrivalcalibration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/servicecalibration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runhistorycalibration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runnerplanner.cpp
)
