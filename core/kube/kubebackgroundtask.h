#pragma once

#include <QObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace pw::core {

// Runs blocking Kubernetes work (HTTP, exec plugins) on a thread of its own and posts the
// results to the owner's thread, so the GUI thread never waits. Owned by one QObject; when
// the owner dies the work is cancelled and whatever it still posts is dropped (the worker
// checks the receiver under a mutex, as HttpCall does).
class KubeBackgroundTask
{
public:
    class Handle
    {
    public:
        bool cancelled() const { return m_state->cancel.load(); }
        const std::atomic<bool> *cancelFlag() const { return &m_state->cancel; }
        // Runs `f` on the owner's thread, if the owner still exists.
        template<typename F>
        void post(F &&f) const
        {
            std::lock_guard lock(m_state->mutex);
            if (m_state->receiver)
                QMetaObject::invokeMethod(m_state->receiver, std::forward<F>(f),
                                          Qt::QueuedConnection);
        }
        // Sleeps up to `ms` unless cancelled first; false when cancelled.
        bool sleep(int ms) const;
        // Cancelling the task also sets `flag` (until unlinked): lets one request have a
        // stop flag of its own that the task's cancel still reaches.
        void link(std::atomic<bool> *flag) const;

    private:
        friend class KubeBackgroundTask;
        struct State
        {
            std::mutex mutex;
            std::condition_variable wake;
            QObject *receiver = nullptr;
            std::atomic<bool> cancel{false};
            std::atomic<bool> *linked = nullptr;
        };
        std::shared_ptr<State> m_state;
    };

    explicit KubeBackgroundTask(QObject *receiver);
    ~KubeBackgroundTask();
    KubeBackgroundTask(const KubeBackgroundTask &) = delete;
    KubeBackgroundTask &operator=(const KubeBackgroundTask &) = delete;

    // Starts `work` on a new detached thread; a task runs one work at a time, so start()
    // after the previous work ended (or cancel it first: the old thread keeps its own flag).
    void start(std::function<void(const Handle &)> work);
    void cancel();

private:
    QObject *m_receiver;
    Handle m_handle;
};

} // namespace pw::core
