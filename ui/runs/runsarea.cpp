#include "runsarea.h"

#include "core/git/runrequestbuilder.h"

#include "ui/pipeline/pipelinedocument.h"
#include "runlistmodel.h"
#include "runlogview.h"
#include "runstagemodel.h"
#include "ui/git/recentcommitsmodel.h"
#include "ui/git/recentcommitsview.h"

#include "core/engine/runengine.h"
#include "core/git/committrigger.h"
#include "core/pipeline/pipelineloader.h"
#include "core/store/runstore.h"

#include <QAction>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace pw::ui {

namespace {

QTreeView *tableView(QAbstractItemModel *model)
{
    auto *view = new QTreeView;
    view->setModel(model);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->header()->setStretchLastSection(true);
    return view;
}

} // namespace

RunsArea::RunsArea(core::RunEngine *engine, PipelineDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_document(document)
    , m_runs(new RunListModel(engine, this))
    , m_stages(new RunStageModel(engine, this))
    , m_runsView(tableView(m_runs))
    , m_commits(new RecentCommitsView)
    , m_stagesView(tableView(m_stages))
    , m_log(new RunLogView(engine))
    , m_message(new QLabel)
{
    m_runsView->setObjectName(QStringLiteral("runsView"));
    m_stagesView->setObjectName(QStringLiteral("stagesView"));
    m_log->setObjectName(QStringLiteral("runLogView"));

    auto *toolBar = new QToolBar;
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    const auto action = [&](const QString &text, const QKeySequence &shortcut) {
        QAction *a = toolBar->addAction(text);
        a->setShortcut(shortcut);
        a->setShortcutContext(Qt::WindowShortcut);
        return a;
    };
    m_run = action(tr("&Run"), QKeySequence(Qt::CTRL | Qt::Key_R));
    m_cancel = action(tr("&Cancel"), QKeySequence(Qt::CTRL | Qt::Key_Period));
    toolBar->addSeparator();
    m_rerun = action(tr("Re-r&un"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_rerunFailed = action(tr("Re-run &Failed"),
                           QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    toolBar->addSeparator();
    m_approve = action(tr("&Approve"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_reject = action(tr("Re&ject"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    m_message->setContentsMargins(12, 0, 0, 0);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    toolBar->addWidget(m_message);

    connect(m_run, &QAction::triggered, this, &RunsArea::runPipeline);
    connect(m_cancel, &QAction::triggered, this, [this] { m_engine->cancel(selectedRun()); });
    connect(m_rerun, &QAction::triggered, this, [this] { rerun(false); });
    connect(m_rerunFailed, &QAction::triggered, this, [this] { rerun(true); });
    connect(m_approve, &QAction::triggered, this, [this] { decide(true); });
    connect(m_reject, &QAction::triggered, this, [this] { decide(false); });

    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(m_stagesView);
    right->addWidget(m_log);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 3);
    // Runs and the project's commits share the left pane; "Run this commit" starts a run
    // of that exact commit.
    auto *left = new QTabWidget;
    left->setDocumentMode(true);
    left->addTab(m_runsView, tr("Runs"));
    left->addTab(m_commits, tr("Commits"));
    connect(m_commits, &RecentCommitsView::runCommitRequested, this, [this, left](const QString &oid) {
        if (runCommit(oid) > 0)
            left->setCurrentWidget(m_runsView);
    });
    // The commits list and the push trigger follow the file as saved: a commit can only
    // hold what is on disk.
    connect(m_document, &PipelineDocument::savedStateChanged, this, &RunsArea::followSavedFile);
    connect(m_engine, &core::RunEngine::runStatusChanged, this,
            [this](qint64 runId, core::RunStatus status) {
                const auto it = m_requests.constFind(runId);
                if (it != m_requests.constEnd() && !it->commit.isEmpty())
                    m_commits->setRunStatus(it->commit, core::toString(status));
            });
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    // Proportions until the splitter is first laid out: the runs list wide enough for its
    // columns (below), the log the rest.
    split->setSizes({1, 2});
    // The short columns as wide as what they show, so a run's row fits without scrolling.
    const QFontMetrics fm = m_runsView->fontMetrics();
    const auto widthOf = [&fm](const QString &sample) {
        return fm.horizontalAdvance(sample) + 40; // status dot, margins
    };
    m_runsView->header()->resizeSection(RunListModel::IdColumn, widthOf(QStringLiteral("#0000")));
    m_runsView->header()->resizeSection(RunListModel::StatusColumn, widthOf(QStringLiteral("interrupted")));
    m_runsView->header()->resizeSection(RunListModel::TriggerColumn, widthOf(QStringLiteral("manual")));
    m_runsView->header()->resizeSection(RunListModel::CommitColumn,
                                        widthOf(QStringLiteral("00000000 (main)")));
    m_runsView->header()->resizeSection(RunListModel::DurationColumn, widthOf(QStringLiteral("00m 00s")));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolBar);
    layout->addWidget(split, 1);

    connect(m_runsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RunsArea::showSelectedRun);
    // Picking a stage (click or keys) scrolls the log to it.
    connect(m_stagesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RunsArea::showSelectedStage);
    // Any engine event may change what the buttons can do.
    connect(m_engine, &core::RunEngine::runStatusChanged, this, &RunsArea::updateActions);
    connect(m_engine, &core::RunEngine::runFinished, this, &RunsArea::updateActions);
    connect(m_engine, &core::RunEngine::approvalNeeded, this, &RunsArea::updateActions);
    connect(m_engine, &core::RunEngine::stageFinished, this, &RunsArea::updateActions);
    // Run follows the text as it is: a file fixed in the editor can run at once.
    connect(m_document, &PipelineDocument::loadStarted, this, &RunsArea::updateActions);
    connect(m_document, &PipelineDocument::loaded, this, &RunsArea::updateActions);
    connect(m_document, &PipelineDocument::diagnosticsChanged, this, &RunsArea::updateActions);
    connect(m_document, &PipelineDocument::pathChanged, this, &RunsArea::updateActions);

    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, m_runs, &RunListModel::tick);
    m_clock.start();

    if (!m_engine->store()->isOpen())
        m_message->setText(tr("Run history unavailable: %1").arg(m_engine->store()->errorString()));
    updateActions();
}

void RunsArea::followSavedFile()
{
    if (!m_document->hasFile() || m_document->isLoading())
        return;
    const QString projectDir = QFileInfo(m_document->path()).absolutePath();
    const core::Pipeline &pipeline = m_document->pipeline();
    if (projectDir != m_commitsDir) {
        m_commitsDir = projectDir;
        m_commits->setRepository(projectDir);
    }
    m_commits->setTriggerSettings(pipeline.triggers);
    // A pipeline with push triggers runs each push to a matching branch of its repository.
    // A save that leaves the triggers as they were only hands the trigger the new pipeline.
    const bool runnable = !pipeline.triggers.pushBranches.isEmpty() && m_document->isRunnable();
    if (m_trigger && runnable && m_triggerDir == projectDir
        && m_triggerSettings == pipeline.triggers) {
        m_trigger->setPipeline(pipeline, m_document->path());
        return;
    }
    delete m_trigger;
    m_trigger = nullptr;
    if (!runnable)
        return;
    m_triggerDir = projectDir;
    m_triggerSettings = pipeline.triggers;
    m_trigger = new core::CommitTrigger(this);
    m_trigger->setPipeline(pipeline, m_document->path());
    m_trigger->setProjectDir(projectDir);
    connect(m_trigger, &core::CommitTrigger::runRequested, this,
            [this](const core::RunRequest &request, const core::GitCommitInfo &) {
                const qint64 runId = m_engine->enqueue(request);
                if (runId > 0) {
                    m_requests.insert(runId, request);
                    m_commits->reload();
                }
            });
    connect(m_trigger, &core::CommitTrigger::message, m_message, &QLabel::setText);
    connect(m_trigger, &core::CommitTrigger::problem, m_message, &QLabel::setText);
    if (!m_trigger->start())
        m_message->setText(tr("Push trigger off: %1").arg(m_trigger->errorString()));
}

bool RunsArea::prepareRun()
{
    // What runs is what the user sees: edits held back by a view are taken, and unsaved
    // edits are saved first (the engine copies the project folder, file included).
    m_document->flushPendingEdits();
    const QString blocker = m_document->runBlocker();
    if (!blocker.isEmpty()) {
        m_message->setText(tr("Cannot run: %1").arg(blocker));
        return false;
    }
    if (m_document->isModified()) {
        QString error;
        if (!m_document->save(&error)) {
            m_message->setText(tr("Cannot run: saving %1 failed: %2")
                                   .arg(QFileInfo(m_document->path()).fileName(), error));
            return false;
        }
    }
    return true;
}

QList<QAction *> RunsArea::runActions() const
{
    return {m_run, m_cancel, m_rerun, m_rerunFailed, m_approve, m_reject};
}

qint64 RunsArea::selectedRun() const
{
    const QModelIndex current = m_runsView->currentIndex();
    return current.isValid() ? m_runs->record(current.row()).id : 0;
}

void RunsArea::selectRun(qint64 runId)
{
    const int row = m_runs->rowOf(runId);
    if (row >= 0)
        m_runsView->setCurrentIndex(m_runs->index(row, 0));
}

qint64 RunsArea::runCommit(const QString &oid)
{
    if (!prepareRun())
        return 0;
    core::GitCommitInfo commit;
    commit.oid = oid;
    const RecentCommitsModel *model = m_commits->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->commitAt(row).oid == oid) {
            commit = model->commitAt(row); // its message reaches steps only as a variable
            break;
        }
    }
    const core::RunRequest request = core::RunRequestBuilder::forCommit(
        m_document->path(), m_document->pipeline(), commit, QString(), QStringLiteral("manual"));
    const qint64 runId = m_engine->enqueue(request);
    if (runId == 0) {
        m_message->setText(tr("Could not start the run: %1").arg(m_engine->lastError()));
        return 0;
    }
    m_message->clear();
    m_requests.insert(runId, request);
    m_commits->setRunStatus(oid, core::toString(core::RunStatus::Queued));
    selectRun(runId);
    return runId;
}

qint64 RunsArea::runPipeline()
{
    if (!prepareRun())
        return 0;
    const core::RunRequest request = core::RunRequestBuilder::forWorkingTree(
        m_document->path(), m_document->pipeline(), QStringLiteral("manual"));
    const qint64 runId = m_engine->enqueue(request);
    if (runId == 0) {
        m_message->setText(tr("Could not start the run: %1").arg(m_engine->lastError()));
        return 0;
    }
    m_message->clear();
    m_requests.insert(runId, request);
    selectRun(runId);
    return runId;
}

void RunsArea::rerun(bool failedOnly)
{
    const qint64 runId = selectedRun();
    if (runId == 0)
        return;
    core::RunRequest request;
    if (m_requests.contains(runId)) {
        request = m_requests.value(runId);
    } else {
        // A run from an earlier session: its pipeline file is read again as it is now.
        const core::RunRecord &record = m_runs->record(m_runs->rowOf(runId));
        const core::PipelineLoadResult loaded =
            core::PipelineLoader::loadFile(record.pipelineFile);
        if (!loaded.ok()) {
            m_message->setText(tr("Cannot re-run: %1 no longer loads cleanly.")
                                   .arg(record.pipelineFile));
            return;
        }
        request = core::RunRequestBuilder::forWorkingTree(record.pipelineFile, loaded.pipeline,
                                                          QStringLiteral("manual"));
        request.commit = record.commit;
        request.branch = record.branch;
        request.commitMessage = record.commitMessage;
    }
    if (failedOnly) {
        QStringList succeeded;
        for (const core::StageRecord &stage : m_engine->store()->stages(runId)) {
            if (stage.status == core::StageStatus::Succeeded)
                succeeded << stage.stageId;
        }
        request.pipeline = request.pipeline.withoutStages(succeeded);
    }
    request.trigger = failedOnly ? QStringLiteral("re-run failed #%1").arg(runId)
                                 : QStringLiteral("re-run #%1").arg(runId);
    const qint64 newRun = m_engine->enqueue(request);
    if (newRun == 0) {
        m_message->setText(tr("Could not start the run: %1").arg(m_engine->lastError()));
        return;
    }
    m_requests.insert(newRun, request);
    selectRun(newRun);
}

void RunsArea::decide(bool approve)
{
    const qint64 runId = selectedRun();
    QString stageId;
    const QModelIndex current = m_stagesView->currentIndex();
    if (current.isValid()
        && m_stages->record(current.row()).status == core::StageStatus::AwaitingApproval)
        stageId = m_stages->record(current.row()).stageId;
    else
        stageId = m_stages->stageAwaitingApproval();
    if (runId == 0 || stageId.isEmpty())
        return;
    if (approve)
        m_engine->approve(runId, stageId);
    else
        m_engine->reject(runId, stageId);
    m_stages->refresh();
    updateActions();
}

void RunsArea::showSelectedRun()
{
    const qint64 runId = selectedRun();
    m_stages->setRun(runId);
    m_log->setRun(runId);
    updateActions();
}

void RunsArea::showSelectedStage()
{
    const QModelIndex current = m_stagesView->currentIndex();
    if (current.isValid())
        m_log->showStage(m_stages->record(current.row()).stageId);
}

void RunsArea::showStageLog(const QString &stageId)
{
    // The runs list is newest first.
    const QString file = QFileInfo(m_document->path()).absoluteFilePath();
    int row = -1;
    for (int r = 0; r < m_runs->rowCount() && row < 0; ++r) {
        if (QFileInfo(m_runs->record(r).pipelineFile).absoluteFilePath() == file)
            row = r;
    }
    if (row < 0) {
        m_message->setText(tr("No run of %1 yet: Run (Ctrl+R) starts one")
                               .arg(QFileInfo(file).fileName()));
        return;
    }
    m_runsView->setCurrentIndex(m_runs->index(row, 0));
    for (int r = 0; r < m_stages->rowCount(); ++r) {
        if (m_stages->record(r).stageId == stageId) {
            m_stagesView->setCurrentIndex(m_stages->index(r, 0));
            break;
        }
    }
    if (!m_log->showStage(stageId))
        m_message->setText(tr("Run #%1 has no log for stage %2 (it did not start)")
                               .arg(m_runs->record(row).id)
                               .arg(stageId));
}

void RunsArea::updateActions()
{
    const QString blocker = m_document->runBlocker();
    m_run->setEnabled(blocker.isEmpty());
    m_run->setToolTip(blocker.isEmpty()
                          ? tr("Run %1 (unsaved edits are saved first)")
                                .arg(QFileInfo(m_document->path()).fileName())
                          : blocker);

    const qint64 runId = selectedRun();
    const core::RunStatus status = runId > 0 ? m_engine->runStatus(runId)
                                             : core::RunStatus::Queued;
    const bool finished = runId > 0 && core::isFinished(status);
    m_cancel->setEnabled(runId > 0 && !finished);
    m_rerun->setEnabled(finished);
    m_rerunFailed->setEnabled(finished && status != core::RunStatus::Succeeded);
    if (runId > 0)
        m_stages->refresh();
    const bool awaiting = runId > 0 && !m_stages->stageAwaitingApproval().isEmpty();
    m_approve->setEnabled(awaiting);
    m_reject->setEnabled(awaiting);
}

} // namespace pw::ui
