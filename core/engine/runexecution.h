#pragma once

#include "core/run/outputchunk.h"
#include "core/run/runrequest.h"
#include "core/run/runstatus.h"
#include "core/run/steprunnerregistry.h"
#include "core/store/runrecords.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QTimer>

#include <memory>

namespace pw::core {

class RunStore;
class StageExecution;
class WorkspaceCopier;

// One run: prepares its directory and workspace, then schedules its stage DAG — a stage
// starts when its needs are finished and its `when` allows it, up to maxParallelStages at
// once; a failure skips the dependents while independent branches go on (or cancels
// everything with fail-fast); approval gates wait for approve()/reject(), also from another
// process through the store. Created and owned by RunEngine; the RunQueue starts it.
class RunExecution : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString runsDir;
        int maxParallelStages = 1;
        int killGraceMs = 5000;
        int batchMs = 40;
        int approvalPollMs = 300; // re-reading one row while an approval is pending
        std::shared_ptr<const StepRunnerRegistry> runners;
    };

    RunExecution(const RunRequest &request, const Settings &settings, RunStore *store,
                 QObject *parent = nullptr);
    ~RunExecution() override;

    // Records the run as queued. False (see error()) if the store refused.
    bool recordQueued();
    void start();
    void cancel();
    bool decide(const QString &stageId, bool approve, const QString &by);

    qint64 id() const { return m_run.id; }
    RunStatus status() const { return m_run.status; }
    StageStatus stageStatus(const QString &stageId) const;
    QString runDirectory() const { return m_run.runDir; }
    QString error() const { return m_error; }
    const RunRecord &runRecord() const { return m_run; }

signals:
    void started();
    void statusChanged(pw::core::RunStatus status);
    void stageStarted(const QString &stageId);
    void stageFinished(const QString &stageId, pw::core::StageStatus status);
    void stepStarted(const QString &stageId, int stepIndex);
    void stepFinished(const QString &stageId, int stepIndex, pw::core::StepStatus status,
                      int exitCode);
    void stepOutput(const QString &stageId, int stepIndex, const pw::core::OutputChunks &chunks);
    void approvalNeeded(const QString &stageId, const QString &prompt);
    void finished(pw::core::RunStatus status);

private:
    struct StageState
    {
        StageRecord record;
        QPointer<StageExecution> execution;
    };

    void onWorkspaceReady(bool ok, const QString &error);
    void buildEnvironment();
    void schedule();
    bool needsFinished(int index) const;
    // Empty when the stage should run, else why it is skipped.
    QString skipReason(const StageSpec &stage, QString *error) const;
    void startStage(int index);
    void onStageFinished(const QString &stageId);
    void finishStage(const QString &stageId, StageStatus status, const QString &message);
    void checkApprovalsInStore();
    void updateRunStatus();
    void finishRun(RunStatus status, const QString &message);
    void saveStage(const StageState &state);
    StageState *findStage(const QString &stageId);
    const StageState &stageOf(const QString &stageId) const; // a pending one if unknown
    void saveRun();
    QString resolve(const QString &name) const;
    bool succeededForNeeds(const StageState &state) const;

    RunRequest m_request;
    Settings m_settings;
    RunStore *m_store = nullptr;
    RunRecord m_run;
    QList<StageState> m_stages; // in the pipeline's order: the index is the stage's position
    QHash<QString, int> m_stageIndex;
    QList<QList<int>> m_needs; // each stage's needs, as positions
    QList<int> m_order;
    QProcessEnvironment m_env;
    QHash<QString, QString> m_whenEnv;
    QList<QByteArray> m_secrets;
    WorkspaceCopier *m_copier = nullptr;
    QTimer m_approvalTimer;
    bool m_cancelling = false;
    bool m_stopping = false; // fail-fast: no new stages
    bool m_finished = false;
    QString m_failure; // the first failure, for the run's message
    QString m_error;
};

} // namespace pw::core
