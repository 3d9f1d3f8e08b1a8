#include "stageexecution.h"

#include "stepoutputsink.h"
#include "core/pipeline/duration.h"
#include "core/run/steprunner.h"
#include "core/store/runstore.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>

namespace pw::core {

namespace {

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

} // namespace

StageExecution::StageExecution(Context context, QObject *parent)
    : QObject(parent)
    , m_ctx(std::move(context))
{
    m_stageTimer.setSingleShot(true);
    m_stepTimer.setSingleShot(true);
    m_backoffTimer.setSingleShot(true);
    connect(&m_stageTimer, &QTimer::timeout, this, &StageExecution::onStageTimeout);
    connect(&m_stepTimer, &QTimer::timeout, this, [this] {
        m_stepTimedOut = true;
        if (m_runner)
            m_runner->cancel();
    });
    connect(&m_backoffTimer, &QTimer::timeout, this, &StageExecution::startAttempt);
}

StageExecution::~StageExecution()
{
    if (m_copying)
        m_copying->store(true);
    // A runner still running here is killed by its destructor; the sink flushes the log.
    delete m_runner.data();
    if (m_sink)
        m_sink->close();
}

void StageExecution::start()
{
    m_status = StageStatus::Running;
    if (m_ctx.stage.timeoutMs > 0)
        m_stageTimer.start(int(std::min<qint64>(m_ctx.stage.timeoutMs, INT_MAX)));
    if (m_ctx.stage.steps.isEmpty()) {
        QTimer::singleShot(0, this, [this] { finishStage(StageStatus::Succeeded, QString()); });
        return;
    }
    startStep(0);
}

void StageExecution::cancel()
{
    if (isFinished(m_status) || m_cancelled)
        return;
    m_cancelled = true;
    if (m_copying) {
        m_copying->store(true); // the stage ends cancelled once the copy has stopped
    } else if (m_backoffTimer.isActive()) {
        m_backoffTimer.stop();
        finishStep(StepStatus::Cancelled, -1, QStringLiteral("cancelled"));
    } else if (m_runner) {
        m_runner->cancel();
    } else if (m_status == StageStatus::Running) {
        finishStage(StageStatus::Cancelled, QStringLiteral("cancelled"));
    }
}

void StageExecution::onStageTimeout()
{
    m_stageTimedOut = true;
    const QString text = QStringLiteral("stage timed out after %1")
                             .arg(formatDuration(m_ctx.stage.timeoutMs));
    systemMessage(text);
    if (m_backoffTimer.isActive()) {
        m_backoffTimer.stop();
        finishStep(StepStatus::Failed, -1, text);
    } else if (m_runner) {
        m_runner->cancel();
    }
}

int StageExecution::retriesOf(const StepSpec &step) const
{
    return step.retries > 0 ? step.retries : m_ctx.stage.retries;
}

void StageExecution::startStep(int index)
{
    m_stepIndex = index;
    m_attempt = 0;
    const StepSpec &spec = m_ctx.stage.steps.at(index);
    m_step = StepRecord{};
    m_step.runId = m_ctx.runId;
    m_step.stageId = m_ctx.stage.id;
    m_step.stepIndex = index;
    m_step.name = spec.displayName();
    m_step.kind = spec.kind;
    m_step.status = StepStatus::Running;
    m_step.queuedAt = nowMs();
    m_step.startedAt = m_step.queuedAt;
    // All of a run's logs in one directory: a directory per stage cost ext4 one more inode
    // per stage. The name stays unique: the step index after the last dot has no dot.
    m_step.logPath = QStringLiteral("%1/%2.%3.log").arg(m_ctx.logsDir, m_ctx.stage.id).arg(index);

    delete m_sink;
    m_sink = new StepOutputSink(m_ctx.secrets, m_ctx.batchMs, this);
    connect(m_sink, &StepOutputSink::batchReady, this,
            [this, index](const OutputChunks &chunks) { emit stepOutput(index, chunks); });
    const bool logOpen = m_sink->open(m_step.logPath);
    saveStep();
    emit stepStarted(index);
    if (!logOpen) {
        const QString error = m_sink->errorString();
        QTimer::singleShot(0, this, [this, error] { finishStep(StepStatus::Failed, -1, error); });
        return;
    }
    startAttempt();
}

StepRunner *StageExecution::createRunner(const StepSpec &step, QString *unsupported)
{
    StepContext context;
    context.runId = m_ctx.runId;
    context.runKey = runKey(m_ctx.store ? m_ctx.store->dataDirectory() : QString(), m_ctx.runId);
    context.stage = m_ctx.stage;
    context.step = step;
    context.stepIndex = m_stepIndex;
    context.attempt = m_attempt;
    context.workspace = m_ctx.workspace;
    context.workingDirectory = m_ctx.workspace;
    const QString workdir = step.param(QStringLiteral("workdir"));
    if (!workdir.isEmpty())
        context.workingDirectory = QDir(m_ctx.workspace).absoluteFilePath(workdir);
    context.environments = m_ctx.environments;
    context.store = m_ctx.store;
    context.killGraceMs = m_ctx.killGraceMs;

    context.env = m_ctx.env;
    for (const EnvVar &v : m_ctx.stage.env)
        context.env.insert(v.name, v.value);
    for (const EnvVar &v : step.env)
        context.env.insert(v.name, v.value);
    context.env.insert(QStringLiteral("PW_STAGE"), m_ctx.stage.id);
    context.env.insert(QStringLiteral("PW_STAGE_NAME"), m_ctx.stage.displayName());
    context.env.insert(QStringLiteral("PW_STEP"), QString::number(m_stepIndex));
    context.env.insert(QStringLiteral("PW_ATTEMPT"), QString::number(m_attempt));

    if (!m_ctx.runners) {
        *unsupported = QStringLiteral("no step runners are configured");
        return nullptr;
    }
    return m_ctx.runners->create(context, this, unsupported);
}

void StageExecution::startAttempt()
{
    ++m_attempt;
    m_stepTimedOut = false;
    const StepSpec &spec = m_ctx.stage.steps.at(m_stepIndex);
    m_attemptRecord = AttemptRecord{m_ctx.runId, m_ctx.stage.id, m_stepIndex, m_attempt,
                                    StepStatus::Running, nowMs(), 0, -1, QString()};
    m_step.attempts = m_attempt;
    if (m_ctx.store)
        m_ctx.store->saveAttempt(m_attemptRecord);

    QString unsupported;
    StepRunner *runner = createRunner(spec, &unsupported);
    if (!runner) {
        QTimer::singleShot(0, this, [this, unsupported] {
            onAttemptFinished(false, -1, unsupported);
        });
        return;
    }
    m_runner = runner;
    connect(runner, &StepRunner::output, this, [this](OutputStream stream, const QByteArray &d) {
        if (!m_sink->write(stream, d) && m_runner) {
            // The log disk is full: stop the step rather than lose what it prints.
            m_runner->cancel();
        }
    });
    connect(runner, &StepRunner::finished, this, &StageExecution::onAttemptFinished);
    if (spec.timeoutMs > 0)
        m_stepTimer.start(int(std::min<qint64>(spec.timeoutMs, INT_MAX)));
    runner->start();
}

void StageExecution::onAttemptFinished(bool succeeded, int exitCode, const QString &message)
{
    m_stepTimer.stop();
    if (m_runner) {
        m_runner->disconnect(this);
        m_runner->deleteLater();
        m_runner = nullptr;
    }
    const StepSpec &spec = m_ctx.stage.steps.at(m_stepIndex);
    QString why = message;
    const bool logOk = m_sink->finishAttempt();
    if (!logOk) {
        succeeded = false;
        why = m_sink->errorString();
    } else if (m_stepTimedOut) {
        succeeded = false;
        why = QStringLiteral("step timed out after %1").arg(formatDuration(spec.timeoutMs));
    } else if (m_stageTimedOut) {
        succeeded = false;
        why = QStringLiteral("stage timed out after %1").arg(formatDuration(m_ctx.stage.timeoutMs));
    } else if (m_cancelled) {
        succeeded = false;
        why = QStringLiteral("cancelled");
    }
    why = m_sink->masker().mask(why);

    m_attemptRecord.status = succeeded ? StepStatus::Succeeded
                                       : (m_cancelled ? StepStatus::Cancelled : StepStatus::Failed);
    m_attemptRecord.finishedAt = nowMs();
    m_attemptRecord.exitCode = exitCode;
    m_attemptRecord.message = why;
    if (m_ctx.store)
        m_ctx.store->saveAttempt(m_attemptRecord);

    if (!succeeded && !m_cancelled && !m_stageTimedOut && logOk
        && m_attempt <= retriesOf(spec)) {
        const qint64 first = parseDuration(m_ctx.stage.retryBackoff).value_or(0);
        const qint64 base = m_ctx.stage.retryBackoff.isEmpty() ? DefaultBackoffMs : first;
        const qint64 delay = base << std::min(m_attempt - 1, 20);
        if (m_stepTimedOut)
            systemMessage(why);
        systemMessage(QStringLiteral("attempt %1 of %2 failed (%3); retrying in %4")
                          .arg(m_attempt)
                          .arg(retriesOf(spec) + 1)
                          .arg(why.isEmpty() ? QStringLiteral("failed") : why,
                               formatDuration(delay)));
        m_sink->finishAttempt();
        m_backoffTimer.start(int(std::min<qint64>(delay, INT_MAX)));
        return;
    }
    if (!succeeded && !why.isEmpty() && why != u"cancelled")
        systemMessage(why);
    finishStep(succeeded ? StepStatus::Succeeded
                         : (m_cancelled ? StepStatus::Cancelled : StepStatus::Failed),
               exitCode, why);
}

void StageExecution::finishStep(StepStatus status, int exitCode, const QString &message)
{
    const int index = m_stepIndex;
    const StepSpec &spec = m_ctx.stage.steps.at(index);
    const bool interrupted = m_cancelled || m_stageTimedOut || !m_sink->errorString().isEmpty();
    const bool goOn = status == StepStatus::Succeeded
                      || (status == StepStatus::Failed && spec.continueOnError && !interrupted);
    if (status == StepStatus::Failed && goOn)
        systemMessage(QStringLiteral("continuing: the step may fail (continue-on-error)"));
    m_sink->finishAttempt();
    m_step.status = status;
    m_step.exitCode = exitCode;
    m_step.finishedAt = nowMs();
    m_step.message = message;
    saveStep();
    emit stepFinished(index, status, exitCode);

    if (!goOn) {
        // Record the steps that will not run, so the history shows the whole stage.
        for (int i = index + 1; i < m_ctx.stage.steps.size(); ++i) {
            StepRecord skipped;
            skipped.runId = m_ctx.runId;
            skipped.stageId = m_ctx.stage.id;
            skipped.stepIndex = i;
            skipped.name = m_ctx.stage.steps.at(i).displayName();
            skipped.kind = m_ctx.stage.steps.at(i).kind;
            skipped.status = status == StepStatus::Cancelled ? StepStatus::Cancelled
                                                             : StepStatus::Skipped;
            if (m_ctx.store)
                m_ctx.store->saveStep(skipped);
        }
        finishStage(status == StepStatus::Cancelled ? StageStatus::Cancelled
                                                    : StageStatus::Failed,
                    message);
        return;
    }
    if (index + 1 < m_ctx.stage.steps.size())
        startStep(index + 1);
    else
        finishStage(StageStatus::Succeeded, QString());
}

void StageExecution::finishStage(StageStatus status, const QString &message)
{
    if (isFinished(m_status) || m_copying)
        return;
    m_stageTimer.stop();
    if (!m_ctx.stage.artifacts.isEmpty() && status != StageStatus::Cancelled) {
        copyArtifacts(status, message);
        return;
    }
    completeStage(status, message);
}

void StageExecution::completeStage(StageStatus status, const QString &message)
{
    if (m_sink)
        m_sink->close();
    m_status = status;
    m_message = message;
    emit finished();
}

void StageExecution::systemMessage(const QString &text)
{
    if (m_sink)
        m_sink->write(OutputStream::System, QByteArray("pipewright: ") + text.toUtf8() + '\n');
}

namespace {

struct CopiedArtifacts
{
    QStringList messages;                    // for the stage's log
    QList<QPair<QString, qint64>> files;     // path under the stage's folder, size
};

// Matches the stage's artifact patterns in the workspace and copies the files to `target`,
// keeping their paths; stops between files once `stop` is set.
CopiedArtifacts copyMatching(const QString &workspacePath, const QString &target,
                             const QStringList &patterns, const std::atomic<bool> &stop)
{
    CopiedArtifacts result;
    const QDir workspace(workspacePath);
    for (const QString &pattern : patterns) {
        QStringList files;
        const QFileInfo direct(workspace.absoluteFilePath(pattern));
        if (!pattern.contains(u'*') && !pattern.contains(u'?') && direct.exists()) {
            if (direct.isDir()) {
                QDirIterator it(direct.absoluteFilePath(), QDir::Files | QDir::Hidden,
                                QDirIterator::Subdirectories);
                while (it.hasNext())
                    files << it.next();
            } else {
                files << direct.absoluteFilePath();
            }
        } else {
            const QRegularExpression re(QRegularExpression::anchoredPattern(
                QRegularExpression::wildcardToRegularExpression(
                    pattern, QRegularExpression::UnanchoredWildcardConversion)));
            QDirIterator it(workspacePath, QDir::Files | QDir::Hidden,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                if (re.match(workspace.relativeFilePath(path)).hasMatch())
                    files << path;
            }
        }
        if (files.isEmpty()) {
            result.messages << QStringLiteral("artifact %1: nothing matched").arg(pattern);
            continue;
        }
        for (const QString &file : std::as_const(files)) {
            if (stop.load())
                return result;
            const QString rel = workspace.relativeFilePath(file);
            const QString dest = target + u'/' + rel;
            QDir().mkpath(QFileInfo(dest).absolutePath());
            QFile::remove(dest);
            if (!QFile::copy(file, dest)) {
                result.messages
                    << QStringLiteral("artifact %1: cannot copy to %2").arg(rel, dest);
                continue;
            }
            result.files.append({rel, QFileInfo(dest).size()});
        }
    }
    return result;
}

} // namespace

void StageExecution::copyArtifacts(StageStatus status, const QString &message)
{
    auto stop = std::make_shared<std::atomic<bool>>(false);
    m_copying = stop;
    auto result = std::make_shared<CopiedArtifacts>();
    QThread *worker = QThread::create(
        [stop, result, workspace = m_ctx.workspace,
         target = m_ctx.artifactsDir + u'/' + m_ctx.stage.id, patterns = m_ctx.stage.artifacts] {
            *result = copyMatching(workspace, target, patterns, *stop);
        });
    worker->setObjectName(QStringLiteral("artifacts %1").arg(m_ctx.stage.id));
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, status, message, result] {
        m_copying.reset();
        for (const QString &text : std::as_const(result->messages))
            systemMessage(text);
        for (const auto &[rel, size] : std::as_const(result->files)) {
            if (m_ctx.store)
                m_ctx.store->addArtifact(
                    {m_ctx.runId, m_ctx.stage.id, m_ctx.stage.id + u'/' + rel, size});
        }
        if (m_sink)
            m_sink->finishAttempt();
        if (m_cancelled)
            completeStage(StageStatus::Cancelled, QStringLiteral("cancelled"));
        else
            completeStage(status, message);
    });
    worker->start();
}

void StageExecution::saveStep()
{
    if (m_ctx.store)
        m_ctx.store->saveStep(m_step);
}

} // namespace pw::core
