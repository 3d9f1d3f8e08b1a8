#include "runqueue.h"

#include "runexecution.h"

#include <QTimer>

namespace pw::core {

RunQueue::RunQueue(QObject *parent)
    : QObject(parent)
{
}

void RunQueue::setMaxConcurrent(int count)
{
    m_maxConcurrent = std::max(1, count);
    startNext();
}

void RunQueue::enqueue(RunExecution *run)
{
    m_waiting.append(run);
    connect(run, &RunExecution::finished, this, [this, run] { onFinished(run); });
    // Started from the event loop, so the caller sees runQueued before runStarted.
    QTimer::singleShot(0, this, &RunQueue::startNext);
}

bool RunQueue::remove(RunExecution *run)
{
    return m_waiting.removeAll(run) > 0;
}

QList<RunExecution *> RunQueue::waiting() const
{
    QList<RunExecution *> result;
    for (const auto &r : m_waiting) {
        if (r)
            result << r;
    }
    return result;
}

void RunQueue::startNext()
{
    m_running.removeAll(nullptr);
    m_waiting.removeAll(nullptr);
    while (m_running.size() < m_maxConcurrent && !m_waiting.isEmpty()) {
        RunExecution *run = m_waiting.takeFirst();
        m_running.append(run);
        run->start();
    }
}

void RunQueue::onFinished(RunExecution *run)
{
    m_waiting.removeAll(run);
    m_running.removeAll(run);
    QTimer::singleShot(0, this, &RunQueue::startNext);
}

} // namespace pw::core
