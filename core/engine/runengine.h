#pragma once

#include "core/run/outputchunk.h"
#include "core/run/runrequest.h"
#include "core/run/runstatus.h"
#include "core/run/steprunnerregistry.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

namespace pw::core {

class RunExecution;
class RunQueue;
class RunStore;

// The execution engine: the one object the GUI and the CLI talk to. It queues runs (FIFO),
// schedules each run's stage DAG, runs steps as asynchronous processes and reports everything
// as signals — it never blocks its thread and never polls. Which runner runs each kind of
// step comes from the registry it is given (core/steps has the built-in set), so the engine
// names no step kind. Owned by the application; the RunStore it records into must outlive it.
class RunEngine : public QObject
{
    Q_OBJECT

public:
    RunEngine(RunStore *store, StepRunnerRegistry runners, QObject *parent = nullptr);
    ~RunEngine() override; // cancels what is still running, killing its process groups

    // Settings, read when a run starts.
    void setMaxConcurrentRuns(int count); // default 1
    int maxConcurrentRuns() const;
    void setMaxParallelStages(int count); // per run; default: the number of cores
    int maxParallelStages() const { return m_maxParallelStages; }
    // Between SIGTERM and SIGKILL when a step is cancelled or times out. Default 5 s.
    void setKillGraceMs(int ms) { m_killGraceMs = ms; }
    int killGraceMs() const { return m_killGraceMs; }
    // Live output is delivered in batches at most this far apart. Default 40 ms.
    void setOutputBatchMs(int ms) { m_outputBatchMs = ms; }
    int outputBatchMs() const { return m_outputBatchMs; }
    // Where runs/<id>/{workspace,logs,artifacts} go. Default: the store's data directory.
    void setRunsDirectory(const QString &dir) { m_runsDir = dir; }
    QString runsDirectory() const;

    RunStore *store() const { return m_store; }

    // Records the run as queued and returns its id (0 if it could not be recorded; see
    // lastError()). runQueued is emitted before this returns.
    qint64 enqueue(const RunRequest &request);
    // Cancels a queued or running run: its process groups get SIGTERM, then SIGKILL.
    void cancel(qint64 runId);
    void cancelAll();
    // Decides a stage's approval gate. False when that stage does not await approval.
    bool approve(qint64 runId, const QString &stageId, const QString &by = QString());
    bool reject(qint64 runId, const QString &stageId, const QString &by = QString());

    bool isIdle() const; // nothing queued or running
    QList<qint64> activeRuns() const; // queued and running, oldest first
    RunStatus runStatus(qint64 runId) const; // of active runs; else from the store
    StageStatus stageStatus(qint64 runId, const QString &stageId) const;
    QString runDirectory(qint64 runId) const;
    QString lastError() const { return m_lastError; }

signals:
    void runQueued(qint64 runId);
    void runStarted(qint64 runId);
    void runStatusChanged(qint64 runId, pw::core::RunStatus status);
    void stageStarted(qint64 runId, const QString &stageId);
    // Also for stages that never started (skipped, cancelled).
    void stageFinished(qint64 runId, const QString &stageId, pw::core::StageStatus status);
    void stepStarted(qint64 runId, const QString &stageId, int stepIndex);
    void stepFinished(qint64 runId, const QString &stageId, int stepIndex,
                      pw::core::StepStatus status, int exitCode);
    // Batched live output of a step; concatenated, it equals the step's log file.
    void stepOutput(qint64 runId, const QString &stageId, int stepIndex,
                    const pw::core::OutputChunks &chunks);
    void approvalNeeded(qint64 runId, const QString &stageId, const QString &prompt);
    void runFinished(qint64 runId, pw::core::RunStatus status);

private:
    void attach(RunExecution *run);
    RunExecution *find(qint64 runId) const;

    RunStore *m_store = nullptr;
    std::shared_ptr<const StepRunnerRegistry> m_runners;
    RunQueue *m_queue = nullptr;
    QHash<qint64, QPointer<RunExecution>> m_runs;
    int m_maxParallelStages = 1;
    int m_killGraceMs = 5000;
    int m_outputBatchMs = 40;
    QString m_runsDir;
    QString m_lastError;
};

} // namespace pw::core
