#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

namespace pw::core {

class RunExecution;

// First-in-first-out queue of runs with a limit on how many run at once (default 1). Starts
// the next run when one finishes. Owned by RunEngine; holds no ownership of the runs.
class RunQueue : public QObject
{
    Q_OBJECT

public:
    explicit RunQueue(QObject *parent = nullptr);

    void setMaxConcurrent(int count);
    int maxConcurrent() const { return m_maxConcurrent; }
    void enqueue(RunExecution *run);
    // Removes a run that has not started; false if it is not waiting.
    bool remove(RunExecution *run);
    int waitingCount() const { return int(m_waiting.size()); }
    int runningCount() const { return int(m_running.size()); }
    QList<RunExecution *> waiting() const;

private:
    void startNext();
    void onFinished(RunExecution *run);

    QList<QPointer<RunExecution>> m_waiting;
    QList<QPointer<RunExecution>> m_running;
    int m_maxConcurrent = 1;
};

} // namespace pw::core
