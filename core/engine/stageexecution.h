#pragma once

#include "core/run/outputchunk.h"
#include "core/run/runstatus.h"
#include "core/run/steprunnerregistry.h"
#include "core/pipeline/pipeline.h"
#include "core/store/runrecords.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QTimer>

#include <atomic>
#include <memory>

namespace pw::core {

class RunStore;
class StepOutputSink;
class StepRunner;

// Runs the steps of one stage in order: one runner per attempt, retries with doubling
// backoff, step and stage timeouts, continue-on-error, the log of each step, and the
// stage's artifacts at the end (matched and copied on a worker thread: a model file of
// gigabytes must not stall the event loop). Records steps and attempts; the run execution
// that owns it records the stage itself.
class StageExecution : public QObject
{
    Q_OBJECT

public:
    struct Context
    {
        qint64 runId = 0;
        StageSpec stage;
        QList<EnvironmentSpec> environments; // the pipeline's, for bluegreen steps
        QString workspace;
        QString logsDir;      // step logs: logsDir/STAGE.N.log (one directory per run)
        QString artifactsDir; // artifacts: artifactsDir/STAGE/...
        QProcessEnvironment env; // the run's: process env, pipeline env, PW_*, secrets
        QList<QByteArray> secrets;
        int killGraceMs = 5000;
        int batchMs = 40;
        RunStore *store = nullptr;
        std::shared_ptr<const StepRunnerRegistry> runners; // who runs each kind of step
    };

    static constexpr qint64 DefaultBackoffMs = 1000;

    explicit StageExecution(Context context, QObject *parent = nullptr);
    ~StageExecution() override;

    void start();
    void cancel();
    StageStatus status() const { return m_status; }
    QString message() const { return m_message; }
    const QString &stageId() const { return m_ctx.stage.id; }

signals:
    void stepStarted(int stepIndex);
    void stepFinished(int stepIndex, pw::core::StepStatus status, int exitCode);
    void stepOutput(int stepIndex, const pw::core::OutputChunks &chunks);
    void finished(); // status() and message() hold the outcome

private:
    void startStep(int index);
    void startAttempt();
    void onAttemptFinished(bool succeeded, int exitCode, const QString &message);
    void finishStep(StepStatus status, int exitCode, const QString &message);
    void finishStage(StageStatus status, const QString &message);
    void onStageTimeout();
    void systemMessage(const QString &text);
    StepRunner *createRunner(const StepSpec &step, QString *unsupported);
    int retriesOf(const StepSpec &step) const;
    void copyArtifacts(StageStatus status, const QString &message);
    void completeStage(StageStatus status, const QString &message);
    void saveStep();

    Context m_ctx;
    StageStatus m_status = StageStatus::Pending;
    QString m_message;
    int m_stepIndex = -1;
    int m_attempt = 0;
    bool m_cancelled = false;
    bool m_stageTimedOut = false;
    bool m_stepTimedOut = false;
    StepRecord m_step;
    AttemptRecord m_attemptRecord;
    QPointer<StepRunner> m_runner;
    StepOutputSink *m_sink = nullptr;
    QTimer m_stageTimer;
    QTimer m_stepTimer;
    QTimer m_backoffTimer;
    // Set while the artifacts are copied; the worker stops between files once it is true.
    std::shared_ptr<std::atomic<bool>> m_copying;
};

} // namespace pw::core
