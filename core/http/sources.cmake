list(APPEND PW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/httpendpoint.h
  ${CMAKE_CURRENT_LIST_DIR}/httprequest.h
  ${CMAKE_CURRENT_LIST_DIR}/httpresponse.h
  ${CMAKE_CURRENT_LIST_DIR}/httptransfer.h
  ${CMAKE_CURRENT_LIST_DIR}/httptransfer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/httpcall.h
  ${CMAKE_CURRENT_LIST_DIR}/httpcall.cpp
  ${CMAKE_CURRENT_LIST_DIR}/httpclient.h
  ${CMAKE_CURRENT_LIST_DIR}/httpclient.cpp
)
