#include "runexecution.h"

#include "core/git/commitcheckout.h"

#include "secretloader.h"
#include "secretmasker.h"
#include "stageexecution.h"
#include "workspacecopier.h"
#include "core/pipeline/whenexpression.h"
#include "core/store/runstore.h"

#include <QDateTime>
#include <QThread>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace pw::core {

namespace {

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

// Branch globs: `*` matches any run of characters, `/` included ("release/*").
bool globMatches(const QString &glob, const QString &text)
{
    QString pattern;
    for (const QChar c : glob) {
        if (c == u'*')
            pattern += QStringLiteral(".*");
        else if (c == u'?')
            pattern += u'.';
        else
            pattern += QRegularExpression::escape(QString(c));
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern)).match(text).hasMatch();
}

} // namespace

RunExecution::RunExecution(const RunRequest &request, const Settings &settings, RunStore *store,
                           QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_settings(settings)
    , m_store(store)
{
    m_approvalTimer.setInterval(settings.approvalPollMs);
    connect(&m_approvalTimer, &QTimer::timeout, this, &RunExecution::checkApprovalsInStore);
    const Pipeline &p = m_request.pipeline;
    for (int i = 0; i < p.stages.size(); ++i) {
        StageState state;
        state.record.stageId = p.stages.at(i).id;
        state.record.name = p.stages.at(i).displayName();
        state.record.position = i;
        m_stages.append(state);
        m_stageIndex.insert(p.stages.at(i).id, i);
    }
    // The needs as positions, so each scheduling pass does no name lookups (-1: no such
    // stage, which never finishes).
    for (const StageSpec &stage : p.stages) {
        QList<int> needs;
        for (const QString &need : stage.needs)
            needs << m_stageIndex.value(need, -1);
        m_needs << needs;
    }
}

RunExecution::StageState *RunExecution::findStage(const QString &stageId)
{
    const auto it = m_stageIndex.constFind(stageId);
    return it == m_stageIndex.cend() ? nullptr : &m_stages[*it];
}

const RunExecution::StageState &RunExecution::stageOf(const QString &stageId) const
{
    static const StageState unknown; // pending, as a need that names no stage stays
    const auto it = m_stageIndex.constFind(stageId);
    return it == m_stageIndex.cend() ? unknown : m_stages.at(*it);
}

RunExecution::~RunExecution()
{
    for (StageState &s : m_stages)
        delete s.execution.data();
}

bool RunExecution::recordQueued()
{
    m_run.pipelineName = m_request.pipeline.name;
    m_run.pipelineFile = m_request.pipelineFile;
    m_run.projectName = m_request.projectName.isEmpty() ? m_request.pipeline.name
                                                        : m_request.projectName;
    m_run.trigger = m_request.trigger;
    m_run.commit = m_request.commit;
    m_run.branch = m_request.branch;
    m_run.commitMessage = m_request.commitMessage;
    m_run.status = RunStatus::Queued;
    m_run.queuedAt = nowMs();
    if (m_store) {
        m_run.projectId = m_store->ensureProject(m_run.projectName, m_request.projectDir);
        m_run.id = m_store->createRun(m_run);
        if (m_run.id == 0) {
            m_error = m_store->errorString();
            return false;
        }
    } else {
        static qint64 counter = 0;
        m_run.id = ++counter;
    }
    m_run.runDir = QStringLiteral("%1/%2").arg(m_settings.runsDir).arg(m_run.id);
    for (StageState &state : m_stages) {
        state.record.runId = m_run.id;
        saveStage(state);
    }
    saveRun();
    return true;
}

StageStatus RunExecution::stageStatus(const QString &stageId) const
{
    return stageOf(stageId).record.status;
}

void RunExecution::saveRun()
{
    if (m_store && m_run.id > 0 && !m_store->updateRun(m_run))
        qWarning("pipewright: cannot record run %lld: %s", m_run.id, qPrintable(m_store->errorString()));
}

void RunExecution::saveStage(const StageState &state)
{
    if (m_store && !m_store->saveStage(state.record)) {
        qWarning("pipewright: cannot record stage %s of run %lld: %s",
                 qPrintable(state.record.stageId), m_run.id, qPrintable(m_store->errorString()));
    }
}

void RunExecution::start()
{
    if (m_finished)
        return;
    m_run.status = RunStatus::Running;
    m_run.startedAt = nowMs();
    saveRun();
    emit started();
    emit statusChanged(m_run.status);

    if (!QDir().mkpath(m_run.runDir)) {
        finishRun(RunStatus::Failed,
                  QStringLiteral("cannot create the run directory %1").arg(m_run.runDir));
        return;
    }
    const SecretLoader::Result secrets = SecretLoader::load(m_request.pipeline.secrets,
                                                            m_request.secretsFile);
    if (!secrets.error.isEmpty()) {
        finishRun(RunStatus::Failed, secrets.error);
        return;
    }
    buildEnvironment();
    for (const auto &[name, value] : secrets.values) {
        m_env.insert(name, value);
        m_secrets << value.toUtf8();
    }
    m_order = m_request.pipeline.topologicalOrder();
    if (m_order.isEmpty() && !m_request.pipeline.stages.isEmpty()) {
        finishRun(RunStatus::Failed,
                  QStringLiteral("the stages' needs contain a cycle or an unknown stage"));
        return;
    }

    if (!m_request.workspaceDir.isEmpty()) {
        m_run.workspace = QFileInfo(m_request.workspaceDir).absoluteFilePath();
        QTimer::singleShot(0, this, [this] { onWorkspaceReady(true, QString()); });
        return;
    }
    m_run.workspace = m_run.runDir + QStringLiteral("/workspace");
    if (m_request.projectDir.isEmpty()) {
        QDir().mkpath(m_run.workspace);
        QTimer::singleShot(0, this, [this] { onWorkspaceReady(true, QString()); });
        return;
    }
    if (m_request.checkoutCommit && !m_request.commit.isEmpty()) {
        // A run of a commit builds exactly that commit, written from the object database;
        // the user's working tree, index and HEAD are never touched.
        auto *checkout = new CommitCheckout(this);
        connect(checkout, &CommitCheckout::finished, this,
                [this](bool ok, const QString &error, const QStringList &warnings) {
                    for (const QString &w : warnings)
                        qWarning("run %lld: %s", m_run.id, qPrintable(w));
                    onWorkspaceReady(ok, error);
                });
        checkout->start(m_request.projectDir, m_request.commit, m_run.workspace);
        return;
    }
    m_copier = new WorkspaceCopier(this);
    connect(m_copier, &WorkspaceCopier::finished, this, &RunExecution::onWorkspaceReady);
    // Pipewright's own data (runs, the database, its WAL and shared-memory index) is never part
    // of a workspace, even when it lives in the project: opening and closing the database files
    // here would drop the store's POSIX locks, and another process's checkpoint could then
    // discard commits. Canonical paths, so a symlink in either path cannot hide the overlap.
    const auto canonical = [](const QString &path) {
        const QFileInfo info(path);
        const QString resolved = info.canonicalFilePath();
        return resolved.isEmpty() ? info.absoluteFilePath() : resolved;
    };
    QStringList excluded{canonical(m_settings.runsDir)};
    if (m_store && !m_store->dataDirectory().isEmpty())
        excluded << canonical(m_store->dataDirectory());
    m_copier->start(canonical(m_request.projectDir), m_run.workspace, excluded);
}

void RunExecution::buildEnvironment()
{
    m_env = QProcessEnvironment::systemEnvironment();
    for (const EnvVar &v : m_request.pipeline.env) {
        m_env.insert(v.name, v.value);
        m_whenEnv.insert(v.name, v.value);
    }
    for (const EnvVar &v : m_request.variables) {
        m_env.insert(v.name, v.value);
        m_whenEnv.insert(v.name, v.value);
    }
    // Untrusted values (commit message, branch) reach steps only this way, never spliced
    // into a command line.
    m_env.insert(QStringLiteral("CI"), QStringLiteral("true"));
    m_env.insert(QStringLiteral("PIPEWRIGHT"), QStringLiteral("1"));
    m_env.insert(QStringLiteral("PW_RUN_ID"), QString::number(m_run.id));
    m_env.insert(QStringLiteral("PW_PIPELINE"), m_request.pipeline.name);
    m_env.insert(QStringLiteral("PW_TRIGGER"), m_request.trigger);
    m_env.insert(QStringLiteral("PW_COMMIT"), m_request.commit);
    m_env.insert(QStringLiteral("PW_BRANCH"), m_request.branch);
    m_env.insert(QStringLiteral("PW_COMMIT_MESSAGE"), m_request.commitMessage);
    m_env.insert(QStringLiteral("PW_COMMIT_AUTHOR"), m_request.commitAuthor);
    m_env.insert(QStringLiteral("PW_RUN_DIR"), m_run.runDir);
    m_env.insert(QStringLiteral("PW_ARTIFACTS_DIR"), m_run.runDir + QStringLiteral("/artifacts"));
}

void RunExecution::onWorkspaceReady(bool ok, const QString &error)
{
    if (m_copier) {
        m_copier->deleteLater();
        m_copier = nullptr;
    }
    if (m_cancelling) {
        finishRun(RunStatus::Cancelled, QStringLiteral("cancelled"));
        return;
    }
    if (!ok) {
        finishRun(RunStatus::Failed, error);
        return;
    }
    m_env.insert(QStringLiteral("PW_WORKSPACE"), m_run.workspace);
    saveRun();
    schedule();
}

bool RunExecution::succeededForNeeds(const StageState &state) const
{
    return state.record.status == StageStatus::Succeeded
           || (state.record.status == StageStatus::Failed && state.record.allowedFailure);
}

bool RunExecution::needsFinished(int index) const
{
    for (int need : m_needs.at(index)) {
        if (need < 0 || !isFinished(m_stages.at(need).record.status))
            return false;
    }
    return true;
}

QString RunExecution::resolve(const QString &name) const
{
    if (name == u"branch")
        return m_request.branch;
    if (name == u"trigger")
        return m_request.trigger;
    if (name.startsWith(u"env.")) {
        const QString var = name.mid(4);
        return m_whenEnv.contains(var) ? m_whenEnv.value(var) : qEnvironmentVariable(
                   var.toLocal8Bit().constData());
    }
    if (name.startsWith(u"stages.") && name.endsWith(u".result")) {
        const QString id = name.mid(7, name.size() - 7 - 7);
        return m_stageIndex.contains(id) ? toString(stageOf(id).record.status) : QString();
    }
    return QString();
}

QString RunExecution::skipReason(const StageSpec &stage, QString *error) const
{
    bool allOk = true;
    QString notOk;
    for (const QString &need : stage.needs) {
        if (!succeededForNeeds(stageOf(need))) {
            allOk = false;
            if (notOk.isEmpty())
                notOk = QStringLiteral("%1 %2").arg(need, toString(stageOf(need).record.status));
        }
    }
    switch (stage.when.status) {
    case WhenSpec::Status::Success:
        if (!allOk)
            return QStringLiteral("skipped: %1").arg(notOk);
        break;
    case WhenSpec::Status::Failure:
        if (allOk)
            return QStringLiteral("skipped: runs only when a need failed");
        break;
    case WhenSpec::Status::Always:
        break;
    }
    if (!stage.when.branches.isEmpty()) {
        bool match = false;
        for (const QString &glob : stage.when.branches)
            match = match || globMatches(glob, m_request.branch);
        if (!match) {
            return QStringLiteral("skipped: branch '%1' is not one of %2")
                .arg(m_request.branch, stage.when.branches.join(u", "));
        }
    }
    if (!stage.when.expression.isEmpty()) {
        QString parseError;
        int column = 0;
        const auto expr = WhenExpression::parse(stage.when.expression, &parseError, &column);
        if (!expr) {
            *error = QStringLiteral("when expression, column %1: %2").arg(column).arg(parseError);
            return QString();
        }
        if (!expr->evaluate([this](const QString &n) { return resolve(n); }))
            return QStringLiteral("skipped: when expression is false");
    }
    return QString();
}

void RunExecution::schedule()
{
    if (m_finished)
        return;
    int running = 0;
    for (const StageState &s : std::as_const(m_stages))
        running += s.record.status == StageStatus::Running ? 1 : 0;

    for (int index : std::as_const(m_order)) {
        StageState &state = m_stages[index];
        if (state.record.status != StageStatus::Pending)
            continue;
        const StageSpec &stage = m_request.pipeline.stages.at(index);
        if (!needsFinished(index))
            continue;
        if (m_cancelling || m_stopping) {
            finishStage(stage.id, m_cancelling ? StageStatus::Cancelled : StageStatus::Skipped,
                        m_cancelling ? QStringLiteral("cancelled")
                                     : QStringLiteral("skipped: fail-fast after a failure"));
            continue;
        }
        QString error;
        const QString reason = skipReason(stage, &error);
        if (!error.isEmpty()) {
            finishStage(stage.id, StageStatus::Failed, error);
            continue;
        }
        if (!reason.isEmpty()) {
            finishStage(stage.id, StageStatus::Skipped, reason);
            continue;
        }
        if (state.record.queuedAt == 0)
            state.record.queuedAt = nowMs();
        if (stage.approval.required && state.record.approval != u"approved") {
            if (state.record.approval.isEmpty()) {
                state.record.approval = QStringLiteral("pending");
                state.record.status = StageStatus::AwaitingApproval;
                saveStage(state);
                // Another process (pipewright approve) decides on the stored "pending" row.
                if (m_store)
                    m_store->flush();
                emit approvalNeeded(stage.id, stage.approval.prompt);
                if (m_store)
                    m_approvalTimer.start();
            }
            continue;
        }
        if (running >= m_settings.maxParallelStages)
            continue;
        ++running;
        startStage(index);
    }
    updateRunStatus();

    bool allDone = true;
    for (const StageState &s : std::as_const(m_stages))
        allDone = allDone && isFinished(s.record.status);
    if (allDone) {
        if (m_cancelling)
            finishRun(RunStatus::Cancelled, QStringLiteral("cancelled"));
        else if (!m_failure.isEmpty())
            finishRun(RunStatus::Failed, m_failure);
        else
            finishRun(RunStatus::Succeeded, QString());
    }
}

void RunExecution::startStage(int index)
{
    const StageSpec &stage = m_request.pipeline.stages.at(index);
    StageState &state = m_stages[index];
    state.record.status = StageStatus::Running;
    state.record.startedAt = nowMs();
    saveStage(state);

    StageExecution::Context ctx;
    ctx.runId = m_run.id;
    ctx.stage = stage;
    ctx.environments = m_request.pipeline.environments;
    ctx.workspace = m_run.workspace;
    ctx.logsDir = m_run.runDir + QStringLiteral("/logs");
    ctx.artifactsDir = m_run.runDir + QStringLiteral("/artifacts");
    ctx.env = m_env;
    ctx.secrets = m_secrets;
    ctx.killGraceMs = m_settings.killGraceMs;
    ctx.batchMs = m_settings.batchMs;
    ctx.store = m_store;
    ctx.runners = m_settings.runners;
    auto *exec = new StageExecution(std::move(ctx), this);
    state.execution = exec;
    const QString id = stage.id;
    connect(exec, &StageExecution::stepStarted, this,
            [this, id](int step) { emit stepStarted(id, step); });
    connect(exec, &StageExecution::stepFinished, this,
            [this, id](int step, StepStatus status, int exitCode) {
                emit stepFinished(id, step, status, exitCode);
            });
    connect(exec, &StageExecution::stepOutput, this,
            [this, id](int step, const OutputChunks &chunks) { emit stepOutput(id, step, chunks); });
    connect(exec, &StageExecution::finished, this, [this, id] { onStageFinished(id); });
    emit stageStarted(id);
    exec->start();
}

void RunExecution::onStageFinished(const QString &stageId)
{
    StageState &state = *findStage(stageId);
    StageExecution *exec = state.execution;
    const StageStatus status = exec->status();
    const QString message = exec->message();
    state.execution = nullptr;
    exec->deleteLater();
    finishStage(stageId, status, message);
    schedule();
}

void RunExecution::finishStage(const QString &stageId, StageStatus status, const QString &message)
{
    const int index = m_stageIndex.value(stageId, -1);
    if (index < 0)
        return;
    StageState &state = m_stages[index];
    const StageSpec &spec = m_request.pipeline.stages.at(index);
    state.record.status = status;
    state.record.finishedAt = nowMs();
    state.record.message = message;
    if (status == StageStatus::Failed && spec.continueOnError && !m_cancelling)
        state.record.allowedFailure = true;
    saveStage(state);
    if (status == StageStatus::Failed && !state.record.allowedFailure) {
        if (m_failure.isEmpty()) {
            m_failure = message.isEmpty() ? QStringLiteral("stage %1 failed").arg(stageId)
                                          : QStringLiteral("stage %1 failed: %2").arg(stageId, message);
        }
        if (m_request.pipeline.failFast && !m_stopping) {
            m_stopping = true;
            for (StageState &other : m_stages) {
                if (other.execution)
                    other.execution->cancel();
                else if (other.record.status == StageStatus::AwaitingApproval)
                    other.record.status = StageStatus::Pending; // skipped by schedule()
            }
        }
    }
    emit stageFinished(stageId, status);
}

bool RunExecution::decide(const QString &stageId, bool approve, const QString &by)
{
    StageState *it = findStage(stageId);
    if (!it || it->record.status != StageStatus::AwaitingApproval)
        return false;
    if (m_store && !m_store->decideApproval(m_run.id, stageId, approve, by)) {
        // Another process decided first: take its decision.
        checkApprovalsInStore();
        return false;
    }
    it->record.approval = approve ? QStringLiteral("approved") : QStringLiteral("rejected");
    it->record.approvedBy = by;
    if (approve) {
        it->record.status = StageStatus::Pending;
        saveStage(*it);
    } else {
        finishStage(stageId, StageStatus::Failed,
                    by.isEmpty() ? QStringLiteral("approval rejected")
                                 : QStringLiteral("approval rejected by %1").arg(by));
    }
    schedule();
    return true;
}

void RunExecution::checkApprovalsInStore()
{
    bool pending = false;
    for (StageState &stage : m_stages) {
        if (stage.record.status != StageStatus::AwaitingApproval)
            continue;
        const QString state = m_store->approvalState(m_run.id, stage.record.stageId);
        if (state == u"approved") {
            stage.record.approval = state;
            stage.record.status = StageStatus::Pending;
        } else if (state == u"rejected") {
            stage.record.approval = state;
            finishStage(stage.record.stageId, StageStatus::Failed,
                        QStringLiteral("approval rejected"));
        } else {
            pending = true;
        }
    }
    if (!pending)
        m_approvalTimer.stop();
    schedule();
}

void RunExecution::updateRunStatus()
{
    if (m_finished)
        return;
    bool running = false;
    bool waiting = false;
    for (const StageState &s : std::as_const(m_stages)) {
        running = running || s.record.status == StageStatus::Running;
        waiting = waiting || s.record.status == StageStatus::AwaitingApproval;
    }
    const RunStatus next = !running && waiting ? RunStatus::AwaitingApproval : RunStatus::Running;
    if (next != m_run.status) {
        m_run.status = next;
        saveRun();
        emit statusChanged(next);
    }
}

void RunExecution::cancel()
{
    if (m_finished || m_cancelling)
        return;
    m_cancelling = true;
    if (m_run.status == RunStatus::Queued) {
        finishRun(RunStatus::Cancelled, QStringLiteral("cancelled before it started"));
        return;
    }
    if (m_copier)
        return; // finishes when the copy is done
    bool waiting = false;
    for (StageState &stage : m_stages) {
        if (stage.execution) {
            waiting = true;
            stage.execution->cancel();
        } else if (stage.record.status == StageStatus::AwaitingApproval) {
            stage.record.status = StageStatus::Pending; // cancelled by schedule()
        }
    }
    if (!waiting)
        schedule();
}

void RunExecution::finishRun(RunStatus status, const QString &message)
{
    if (m_finished)
        return;
    m_approvalTimer.stop();
    // Stages that never got to run are recorded with the run's outcome.
    for (StageState &stage : m_stages) {
        if (!isFinished(stage.record.status)) {
            stage.record.status = status == RunStatus::Cancelled ? StageStatus::Cancelled
                                                                 : StageStatus::Skipped;
            stage.record.finishedAt = nowMs();
            saveStage(stage);
            emit stageFinished(stage.record.stageId, stage.record.status);
        }
    }
    m_finished = true;
    m_run.status = status;
    m_run.finishedAt = nowMs();
    if (m_run.startedAt == 0)
        m_run.startedAt = m_run.finishedAt;
    m_run.message = SecretMasker(m_secrets).mask(message);
    saveRun();
    // Whoever waits for the run (a CLI about to exit, another process) finds it recorded.
    if (m_store)
        m_store->flush();
    emit statusChanged(status);

    // What a run leaves behind until it ends (service containers of docker-run steps) is
    // removed by the kinds' clean-ups. They talk to daemons, so they run on a worker thread
    // and the run reports finished after.
    const QList<StepRunnerRegistry::RunCleanup> cleanups =
        m_settings.runners ? m_settings.runners->cleanupsFor(m_request.pipeline)
                           : QList<StepRunnerRegistry::RunCleanup>();
    if (cleanups.isEmpty()) {
        emit finished(status);
        return;
    }
    const QString key = runKey(m_store ? m_store->dataDirectory() : QString(), m_run.id);
    QThread *cleanup = QThread::create([cleanups, key] {
        for (const StepRunnerRegistry::RunCleanup &c : cleanups)
            c(key);
    });
    connect(cleanup, &QThread::finished, this, [this, cleanup, status] {
        cleanup->deleteLater();
        emit finished(status);
    });
    cleanup->start();
}

} // namespace pw::core
