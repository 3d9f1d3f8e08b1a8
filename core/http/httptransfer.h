#pragma once

#include "httpendpoint.h"
#include "httprequest.h"
#include "httpresponse.h"

#include <atomic>
#include <functional>

typedef void CURL;
struct curl_slist;

namespace pw::core {

// One libcurl easy handle configured from an endpoint and a request, with the callbacks
// that split the body into lines and map curl's result to an HttpResponse. Used by
// HttpClient both for its multi loop and for the synchronous call; not thread-safe itself.
class HttpTransfer
{
public:
    using ChunkSink = std::function<void(const QByteArray &)>;

    HttpTransfer(const HttpEndpoint &endpoint, HttpRequest request);
    ~HttpTransfer();
    HttpTransfer(const HttpTransfer &) = delete;
    HttpTransfer &operator=(const HttpTransfer &) = delete;

    // Where Lines/Raw deliveries go; called on the thread that drives the transfer.
    void setSink(ChunkSink sink) { m_sink = std::move(sink); }
    // Checked by curl's progress callback (about once a second and on every transfer).
    void setCancelFlag(const std::atomic<bool> *flag) { m_cancel = flag; }

    CURL *handle() const { return m_curl; }
    // Builds the response once curl has finished with `code` (a CURLcode).
    HttpResponse finish(int code);

private:
    static size_t onWrite(char *data, size_t size, size_t count, void *self);
    static size_t onHeader(char *data, size_t size, size_t count, void *self);
    static size_t onRead(char *buffer, size_t size, size_t count, void *self);
    static int onProgress(void *self, qint64, qint64, qint64, qint64);
    void flushLines(bool atEnd);

    HttpEndpoint m_endpoint;
    HttpRequest m_request;
    CURL *m_curl = nullptr;
    curl_slist *m_headerList = nullptr;
    ChunkSink m_sink;
    const std::atomic<bool> *m_cancel = nullptr;
    HttpResponse m_response;
    QByteArray m_pending; // partial line, or the whole body for Collect
    qint64 m_bodyOffset = 0;
    QString m_bodyError;
    char m_errorBuffer[256] = {};
};

} // namespace pw::core
