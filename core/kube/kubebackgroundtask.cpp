#include "kubebackgroundtask.h"

#include <thread>

namespace pw::core {

bool KubeBackgroundTask::Handle::sleep(int ms) const
{
    std::unique_lock lock(m_state->mutex);
    m_state->wake.wait_for(lock, std::chrono::milliseconds(ms),
                           [this] { return m_state->cancel.load(); });
    return !m_state->cancel.load();
}

void KubeBackgroundTask::Handle::link(std::atomic<bool> *flag) const
{
    std::lock_guard lock(m_state->mutex);
    m_state->linked = flag;
    if (flag && m_state->cancel)
        *flag = true;
}

KubeBackgroundTask::KubeBackgroundTask(QObject *receiver)
    : m_receiver(receiver)
{}

KubeBackgroundTask::~KubeBackgroundTask()
{
    cancel();
}

void KubeBackgroundTask::start(std::function<void(const Handle &)> work)
{
    cancel();
    m_handle.m_state = std::make_shared<Handle::State>();
    m_handle.m_state->receiver = m_receiver;
    std::thread([handle = m_handle, work = std::move(work)] { work(handle); }).detach();
}

void KubeBackgroundTask::cancel()
{
    if (!m_handle.m_state)
        return;
    {
        std::lock_guard lock(m_handle.m_state->mutex);
        m_handle.m_state->receiver = nullptr;
        m_handle.m_state->cancel = true;
        if (m_handle.m_state->linked)
            *m_handle.m_state->linked = true;
    }
    m_handle.m_state->wake.notify_all();
    m_handle.m_state.reset();
}

} // namespace pw::core
