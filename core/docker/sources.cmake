list(APPEND PW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/dockerhost.h
  ${CMAKE_CURRENT_LIST_DIR}/dockerhost.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dockerignore.h
  ${CMAKE_CURRENT_LIST_DIR}/dockerignore.cpp
  ${CMAKE_CURRENT_LIST_DIR}/buildcontexttar.h
  ${CMAKE_CURRENT_LIST_DIR}/buildcontexttar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dockermessagestream.h
  ${CMAKE_CURRENT_LIST_DIR}/dockermessagestream.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dockerstreamdemuxer.h
  ${CMAKE_CURRENT_LIST_DIR}/dockerstreamdemuxer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dockercredentials.h
  ${CMAKE_CURRENT_LIST_DIR}/dockercredentials.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dockerclient.h
  ${CMAKE_CURRENT_LIST_DIR}/dockerclient.cpp
)
