#pragma once

#include "core/run/runrequest.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QTreeView;

namespace pw::core {
class CommitTrigger;
class RunEngine;
}

namespace pw::ui {

class PipelineDocument;
class RunListModel;
class RunLogView;
class RunStageModel;
class RecentCommitsView;

// The Runs & logs area: the run history with live status, the selected run's stages and its
// log, and the commands that act on runs (Run, Cancel, Re-run, Re-run failed, Approve,
// Reject). It sends commands to the engine and observes it; it decides nothing itself.
class RunsArea : public QWidget
{
    Q_OBJECT

public:
    RunsArea(core::RunEngine *engine, PipelineDocument *document, QWidget *parent = nullptr);

    QList<QAction *> runActions() const;
    QAction *runAction() const { return m_run; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *rerunAction() const { return m_rerun; }
    QAction *rerunFailedAction() const { return m_rerunFailed; }
    QAction *approveAction() const { return m_approve; }
    QAction *rejectAction() const { return m_reject; }

    QTreeView *runsView() const { return m_runsView; }
    RecentCommitsView *commitsView() const { return m_commits; }
    core::CommitTrigger *commitTrigger() const { return m_trigger; }
    // Runs the open pipeline on one exact commit of its repository (a fresh checkout of it);
    // unsaved edits are saved first, as for Run.
    qint64 runCommit(const QString &oid);
    QTreeView *stagesView() const { return m_stagesView; }
    RunLogView *logView() const { return m_log; }
    RunListModel *runsModel() const { return m_runs; }
    RunStageModel *stagesModel() const { return m_stages; }

    qint64 selectedRun() const;
    void selectRun(qint64 runId);
    // Run: the open pipeline as the user sees it, saved first when it has unsaved edits;
    // returns the new run's id or 0.
    qint64 runPipeline();
    // Shows the stage in the newest run of the open pipeline: the run selected, its stage
    // row current, the log scrolled to the stage. Says so in the toolbar if there is none.
    void showStageLog(const QString &stageId);

private:
    void updateActions();
    void followSavedFile();
    // Before a run: pending edits taken, unsaved ones saved. False (the toolbar says why)
    // when the text cannot run or the save failed.
    bool prepareRun();
    void showSelectedRun();
    void showSelectedStage();
    void rerun(bool failedOnly);
    void decide(bool approve);

    core::RunEngine *m_engine;
    PipelineDocument *m_document;
    RunListModel *m_runs;
    RunStageModel *m_stages;
    QTreeView *m_runsView;
    RecentCommitsView *m_commits;
    core::CommitTrigger *m_trigger = nullptr; // push triggers of the open pipeline
    QString m_commitsDir;
    QString m_triggerDir;
    core::TriggerSpec m_triggerSettings; // those m_trigger was started with
    QTreeView *m_stagesView;
    RunLogView *m_log;
    QLabel *m_message;
    QAction *m_run;
    QAction *m_cancel;
    QAction *m_rerun;
    QAction *m_rerunFailed;
    QAction *m_approve;
    QAction *m_reject;
    QTimer m_clock;
    QHash<qint64, core::RunRequest> m_requests; // runs started here, for Re-run
};

} // namespace pw::ui
