#include "httpclient.h"

#include "httptransfer.h"

#include <curl/curl.h>

#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace pw::core {

void HttpClient::globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        qRegisterMetaType<pw::core::HttpResponse>();
    });
}

// The curl multi loop. New transfers are queued under a mutex and the loop is woken with
// curl_multi_wakeup; everything else (the handles, the callbacks) stays on this thread.
class HttpClient::Worker
{
public:
    struct Job
    {
        std::unique_ptr<HttpTransfer> transfer;
        std::shared_ptr<HttpCall::State> state;
    };

    Worker()
    {
        m_multi = curl_multi_init();
        m_thread = std::thread([this] { run(); });
    }

    ~Worker()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        curl_multi_wakeup(m_multi);
        m_thread.join();
        curl_multi_cleanup(m_multi);
    }

    void add(Job job)
    {
        {
            std::lock_guard lock(m_mutex);
            m_incoming.push_back(std::move(job));
        }
        curl_multi_wakeup(m_multi);
    }

    void wake() { curl_multi_wakeup(m_multi); }

private:
    void run()
    {
        for (;;) {
            std::deque<Job> incoming;
            bool stop = false;
            {
                std::lock_guard lock(m_mutex);
                incoming.swap(m_incoming);
                stop = m_stop;
            }
            for (Job &job : incoming) {
                CURL *h = job.transfer->handle();
                curl_multi_add_handle(m_multi, h);
                m_active.emplace(h, std::move(job));
            }
            if (stop) {
                for (auto &[h, job] : m_active) {
                    curl_multi_remove_handle(m_multi, h);
                    complete(job, job.transfer->finish(CURLE_ABORTED_BY_CALLBACK));
                }
                m_active.clear();
                return;
            }
            // Cancelled calls end now rather than at curl's next progress callback.
            for (auto it = m_active.begin(); it != m_active.end();) {
                if (it->second.state->cancelled) {
                    curl_multi_remove_handle(m_multi, it->first);
                    complete(it->second, it->second.transfer->finish(CURLE_ABORTED_BY_CALLBACK));
                    it = m_active.erase(it);
                } else {
                    ++it;
                }
            }
            int running = 0;
            curl_multi_perform(m_multi, &running);
            int left = 0;
            while (CURLMsg *msg = curl_multi_info_read(m_multi, &left)) {
                if (msg->msg != CURLMSG_DONE)
                    continue;
                auto it = m_active.find(msg->easy_handle);
                if (it == m_active.end())
                    continue;
                const int code = msg->data.result;
                curl_multi_remove_handle(m_multi, it->first);
                complete(it->second, it->second.transfer->finish(code));
                m_active.erase(it);
            }
            curl_multi_poll(m_multi, nullptr, 0, 1000, nullptr);
        }
    }

    static void complete(Job &job, const HttpResponse &response)
    {
        HttpCall::post(job.state, [state = job.state, response] {
            if (state->receiver)
                state->receiver->deliverFinished(response);
        });
    }

    CURLM *m_multi = nullptr;
    std::thread m_thread;
    std::mutex m_mutex;
    std::deque<Job> m_incoming;
    std::map<CURL *, Job> m_active;
    bool m_stop = false;
};

HttpClient::HttpClient(QObject *parent) : QObject(parent)
{
    globalInit();
}

HttpClient::~HttpClient() = default;

HttpCall *HttpClient::send(const HttpEndpoint &endpoint, const HttpRequest &request,
                           QObject *parent)
{
    if (!m_worker)
        m_worker = std::make_shared<Worker>();
    auto *call = new HttpCall(parent ? parent : this);
    std::shared_ptr<HttpCall::State> state = call->state();
    auto transfer = std::make_unique<HttpTransfer>(endpoint, request);
    transfer->setCancelFlag(&state->cancelled);
    const bool lines = request.delivery == HttpRequest::Delivery::Lines;
    transfer->setSink([state, lines](const QByteArray &chunk) {
        HttpCall::post(state, [state, chunk, lines] {
            if (!state->receiver)
                return;
            if (lines)
                emit state->receiver->lineReceived(chunk);
            else
                emit state->receiver->dataReceived(chunk);
        });
    });
    state->wake = [worker = std::weak_ptr<Worker>(m_worker)] {
        if (auto w = worker.lock())
            w->wake();
    };
    m_worker->add({std::move(transfer), state});
    return call;
}

HttpResponse HttpClient::perform(const HttpEndpoint &endpoint, const HttpRequest &request,
                                 const ChunkHandler &onChunk, const std::atomic<bool> *cancel)
{
    globalInit();
    HttpTransfer transfer(endpoint, request);
    transfer.setSink(onChunk);
    transfer.setCancelFlag(cancel);
    const CURLcode code = curl_easy_perform(transfer.handle());
    return transfer.finish(code);
}

} // namespace pw::core
