#pragma once

#include "httpresponse.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace pw::core {

// The caller's handle on one asynchronous request of HttpClient. Signals arrive queued on
// the thread the call lives in; deleting the call cancels the request and drops whatever
// it had not delivered yet.
class HttpCall : public QObject
{
    Q_OBJECT

public:
    // Shared with the worker thread; `receiver` is cleared under the mutex when the call
    // dies so the worker never posts to a deleted object.
    struct State
    {
        std::mutex mutex;
        HttpCall *receiver = nullptr;
        std::atomic<bool> cancelled{false};
        std::function<void()> wake; // makes the worker notice `cancelled` at once
    };

    explicit HttpCall(QObject *parent = nullptr);
    ~HttpCall() override;

    void cancel();
    bool isFinished() const { return m_finished; }
    const HttpResponse &response() const { return m_response; }
    std::shared_ptr<State> state() const { return m_state; }

    // Worker side: runs `f` on the call's thread if the call still exists.
    template<typename F>
    static void post(const std::shared_ptr<State> &state, F &&f)
    {
        std::lock_guard lock(state->mutex);
        if (state->receiver)
            QMetaObject::invokeMethod(state->receiver, std::forward<F>(f),
                                      Qt::QueuedConnection);
    }
    void deliverFinished(const HttpResponse &response);

signals:
    void lineReceived(const QByteArray &line);
    void dataReceived(const QByteArray &data);
    void finished(const pw::core::HttpResponse &response);

private:
    std::shared_ptr<State> m_state;
    HttpResponse m_response;
    bool m_finished = false;
};

} // namespace pw::core
