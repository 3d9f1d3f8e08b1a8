#pragma once

#include "httpcall.h"
#include "httpendpoint.h"
#include "httprequest.h"
#include "httpresponse.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace pw::core {

// The one libcurl wrapper. send() hands the request to a curl multi loop on the client's
// worker thread and returns at once; results come back as queued signals of the HttpCall,
// so the GUI thread never blocks. perform() is the synchronous form for worker threads and
// the command line. A request's bodySource runs on the thread that drives the transfer.
class HttpClient : public QObject
{
    Q_OBJECT

public:
    explicit HttpClient(QObject *parent = nullptr);
    ~HttpClient() override; // cancels what is still running and joins the worker

    // The call is parented to `parent` (or the client) and emits finished() exactly once.
    HttpCall *send(const HttpEndpoint &endpoint, const HttpRequest &request,
                   QObject *parent = nullptr);

    using ChunkHandler = std::function<void(const QByteArray &)>;
    // Blocks the calling thread; Lines/Raw deliveries go to `onChunk` on this thread.
    // Setting *cancel aborts the request within about a second.
    static HttpResponse perform(const HttpEndpoint &endpoint, const HttpRequest &request,
                                const ChunkHandler &onChunk = {},
                                const std::atomic<bool> *cancel = nullptr);

    static void globalInit();

private:
    class Worker;
    std::shared_ptr<Worker> m_worker;
};

} // namespace pw::core
