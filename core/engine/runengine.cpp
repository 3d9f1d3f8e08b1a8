#include "runengine.h"

#include "runexecution.h"
#include "runqueue.h"
#include "core/store/runstore.h"

#include <QDir>
#include <QThread>

namespace pw::core {

RunEngine::RunEngine(RunStore *store, StepRunnerRegistry runners, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_runners(std::make_shared<const StepRunnerRegistry>(std::move(runners)))
    , m_queue(new RunQueue(this))
    , m_maxParallelStages(std::max(1, QThread::idealThreadCount()))
{
    qRegisterMetaType<pw::core::RunStatus>();
    qRegisterMetaType<pw::core::StageStatus>();
    qRegisterMetaType<pw::core::StepStatus>();
    qRegisterMetaType<pw::core::OutputChunks>();
}

RunEngine::~RunEngine()
{
    // Deleting the executions kills their process groups (no grace at teardown).
    for (const auto &run : std::as_const(m_runs))
        delete run.data();
}

void RunEngine::setMaxConcurrentRuns(int count) { m_queue->setMaxConcurrent(count); }
int RunEngine::maxConcurrentRuns() const { return m_queue->maxConcurrent(); }
void RunEngine::setMaxParallelStages(int count) { m_maxParallelStages = std::max(1, count); }

QString RunEngine::runsDirectory() const
{
    if (!m_runsDir.isEmpty())
        return m_runsDir;
    if (m_store && !m_store->dataDirectory().isEmpty())
        return m_store->dataDirectory() + QStringLiteral("/runs");
    return QDir::tempPath() + QStringLiteral("/pipewright-runs");
}

qint64 RunEngine::enqueue(const RunRequest &request)
{
    RunExecution::Settings settings;
    settings.runsDir = runsDirectory();
    settings.maxParallelStages = m_maxParallelStages;
    settings.killGraceMs = m_killGraceMs;
    settings.batchMs = m_outputBatchMs;
    settings.runners = m_runners;
    auto *run = new RunExecution(request, settings, m_store, this);
    if (!run->recordQueued()) {
        m_lastError = run->error();
        delete run;
        return 0;
    }
    attach(run);
    const qint64 id = run->id();
    m_runs.insert(id, run);
    emit runQueued(id);
    m_queue->enqueue(run);
    return id;
}

void RunEngine::attach(RunExecution *run)
{
    const qint64 id = run->id();
    connect(run, &RunExecution::started, this, [this, id] { emit runStarted(id); });
    connect(run, &RunExecution::statusChanged, this,
            [this, id](RunStatus s) { emit runStatusChanged(id, s); });
    connect(run, &RunExecution::stageStarted, this,
            [this, id](const QString &stage) { emit stageStarted(id, stage); });
    connect(run, &RunExecution::stageFinished, this,
            [this, id](const QString &stage, StageStatus s) { emit stageFinished(id, stage, s); });
    connect(run, &RunExecution::stepStarted, this,
            [this, id](const QString &stage, int step) { emit stepStarted(id, stage, step); });
    connect(run, &RunExecution::stepFinished, this,
            [this, id](const QString &stage, int step, StepStatus s, int exitCode) {
                emit stepFinished(id, stage, step, s, exitCode);
            });
    connect(run, &RunExecution::stepOutput, this,
            [this, id](const QString &stage, int step, const OutputChunks &chunks) {
                emit stepOutput(id, stage, step, chunks);
            });
    connect(run, &RunExecution::approvalNeeded, this,
            [this, id](const QString &stage, const QString &prompt) {
                emit approvalNeeded(id, stage, prompt);
            });
    connect(run, &RunExecution::finished, this, [this, id, run](RunStatus s) {
        m_runs.remove(id);
        run->deleteLater();
        emit runFinished(id, s);
    });
}

RunExecution *RunEngine::find(qint64 runId) const
{
    return m_runs.value(runId).data();
}

void RunEngine::cancel(qint64 runId)
{
    if (RunExecution *run = find(runId)) {
        m_queue->remove(run);
        run->cancel();
    }
}

void RunEngine::cancelAll()
{
    // Newest first, so the queue does not start a waiting run while older ones stop.
    QList<qint64> ids = m_runs.keys();
    std::sort(ids.begin(), ids.end(), std::greater<>());
    for (qint64 id : std::as_const(ids))
        cancel(id);
}

bool RunEngine::approve(qint64 runId, const QString &stageId, const QString &by)
{
    if (RunExecution *run = find(runId))
        return run->decide(stageId, true, by);
    return m_store && m_store->decideApproval(runId, stageId, true, by);
}

bool RunEngine::reject(qint64 runId, const QString &stageId, const QString &by)
{
    if (RunExecution *run = find(runId))
        return run->decide(stageId, false, by);
    return m_store && m_store->decideApproval(runId, stageId, false, by);
}

bool RunEngine::isIdle() const { return m_runs.isEmpty(); }

QList<qint64> RunEngine::activeRuns() const
{
    QList<qint64> ids = m_runs.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

RunStatus RunEngine::runStatus(qint64 runId) const
{
    if (RunExecution *run = find(runId))
        return run->status();
    if (m_store) {
        if (const auto record = m_store->run(runId))
            return record->status;
    }
    return RunStatus::Interrupted;
}

StageStatus RunEngine::stageStatus(qint64 runId, const QString &stageId) const
{
    if (RunExecution *run = find(runId))
        return run->stageStatus(stageId);
    if (m_store) {
        if (const auto record = m_store->stage(runId, stageId))
            return record->status;
    }
    return StageStatus::Pending;
}

QString RunEngine::runDirectory(qint64 runId) const
{
    if (RunExecution *run = find(runId))
        return run->runDirectory();
    if (m_store) {
        if (const auto record = m_store->run(runId))
            return record->runDir;
    }
    return QString();
}

} // namespace pw::core
