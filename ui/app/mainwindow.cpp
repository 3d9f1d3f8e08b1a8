#include "mainwindow.h"

#include "iconset.h"
#include "modebar.h"
#include "ui/pipeline/pipelinearea.h"
#include "ui/pipeline/pipelineeditor.h"
#include "ui/pipeline/pipelinedocument.h"
#include "recentfiles.h"
#include "ui/runs/runsarea.h"
#include "ui/kube/kubeclusterpanel.h"
#include "ui/environments/environmentsarea.h"
#include "ui/simulator/simulatorarea.h"

#include "core/docker/dockerengineprobe.h"
#include "core/git/demoproject.h"
#include "core/engine/runengine.h"
#include "core/steps/builtinsteprunners.h"
#include "core/queueing/projectcalibration.h"
#include "core/store/runstore.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QThread>
#include <QPointer>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace pw::ui {

namespace {
const QString geometryKey = QStringLiteral("mainWindow/geometry");
const QString stateKey = QStringLiteral("mainWindow/state");
const QString areaKey = QStringLiteral("mainWindow/area");
const QString pipelineAreaKey = QStringLiteral("mainWindow/pipelineArea");

// The platform's keys for a standard action, plus the ones docs/desktop-app.md promises:
// some key schemes (Windows', also used where no desktop theme is loaded) bind nothing to
// Quit or Save As.
QList<QKeySequence> keysFor(QKeySequence::StandardKey key, const QKeySequence &promised)
{
    QList<QKeySequence> keys = QKeySequence::keyBindings(key);
    if (!keys.contains(promised))
        keys.append(promised);
    return keys;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_store(std::make_unique<core::RunStore>())
    , m_modeBar(new ModeBar)
    , m_areas(new QStackedWidget)
    , m_pipelineArea(new PipelineArea)
    , m_recentFiles(new RecentFiles(this))
    , m_summary(new QLabel)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(IconSet::application());
    setWindowTitle(tr("Pipewright[*]"));

    // A store that cannot open leaves the engine usable for nothing; the Runs area says why.
    m_store->open();
    m_engine = std::make_unique<core::RunEngine>(m_store.get(), core::builtinStepRunners());
    m_runsArea = new RunsArea(m_engine.get(), m_pipelineArea->document());
    m_pipelineArea->setRunEngine(m_engine.get());

    m_areas->addWidget(m_pipelineArea);
    m_areas->addWidget(m_runsArea);
    // Environments: the open pipeline's blue/green environments first, then the cluster the
    // deployments land on; both live through watches.
    auto *environments = new QTabWidget;
    environments->setObjectName(QStringLiteral("environmentsTabs"));
    environments->setDocumentMode(true);
    m_environmentsArea = new EnvironmentsArea(m_store.get());
    environments->addTab(m_environmentsArea, tr("Blue/green"));
    m_clusterPanel = new KubeClusterPanel;
    environments->addTab(m_clusterPanel, tr("Cluster"));
    m_areas->addWidget(environments);
    m_clusterPanel->reload();
    m_simulatorArea = new SimulatorArea;
    m_areas->addWidget(m_simulatorArea);

    m_modeBar->addMode(IconSet::area(QStringLiteral("pipeline")), tr("Pipeline"));
    m_modeBar->addMode(IconSet::area(QStringLiteral("runs")), tr("Runs && logs"));
    m_modeBar->addMode(IconSet::area(QStringLiteral("environments")), tr("Environments"));
    m_modeBar->addMode(IconSet::area(QStringLiteral("simulator")), tr("Simulator"));
    connect(m_modeBar, &ModeBar::currentChanged, m_areas, &QStackedWidget::setCurrentIndex);

    auto *central = new QWidget;
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_modeBar);
    layout->addWidget(m_areas, 1);
    setCentralWidget(central);

    m_summary->setContentsMargins(4, 0, 12, 0);
    statusBar()->addPermanentWidget(m_summary);
    // Docker's state, asked off the GUI thread: its version, or why it cannot be reached.
    auto *docker = new QLabel(tr("Docker: checking…"));
    docker->setObjectName(QStringLiteral("dockerStatus"));
    docker->setContentsMargins(4, 0, 12, 0);
    statusBar()->addPermanentWidget(docker);
    auto *probe = new core::DockerEngineProbe(this);
    connect(probe, &core::DockerEngineProbe::finished, docker,
            [docker](bool reachable, const QString &summary) {
                docker->setText(reachable ? summary : tr("Docker unreachable"));
                docker->setToolTip(summary);
            });
    probe->probe();
    createMenus();

    connect(m_pipelineArea, &PipelineArea::summaryChanged, this,
            &MainWindow::updateTitleAndStatus);
    const PipelineDocument *document = m_pipelineArea->document();
    connect(document, &PipelineDocument::modifiedChanged, this,
            &MainWindow::updateTitleAndStatus);
    connect(document, &PipelineDocument::pathChanged, this, &MainWindow::updateTitleAndStatus);
    // The simulator's measured values follow the open project and each finished run.
    connect(document, &PipelineDocument::loaded, this, &MainWindow::measureProject);
    connect(document, &PipelineDocument::pathChanged, this, &MainWindow::measureProject);
    connect(m_engine.get(), &core::RunEngine::runFinished, this, &MainWindow::measureProject);
    // Environments follow the document's model as it is edited (the area rebuilds its panels
    // only when the environments differ), and its folder after a Save As.
    connect(document, &PipelineDocument::loaded, this, &MainWindow::showEnvironments);
    connect(document, &PipelineDocument::pipelineChanged, this, &MainWindow::showEnvironments);
    connect(document, &PipelineDocument::pathChanged, this, &MainWindow::showEnvironments);
    connect(m_recentFiles, &RecentFiles::changed, this, &MainWindow::updateRecentMenu);
    updateRecentMenu();
    restoreSettings();
}

MainWindow::~MainWindow()
{
    if (m_measuring)
        m_measuring->wait(); // reading git history is bounded; never left running at exit
}

void MainWindow::measureProject()
{
    const PipelineDocument *document = m_pipelineArea->document();
    if (m_measuring || !document->hasFile() || !m_store->isOpen())
        return;
    const QString repo = QFileInfo(document->path()).absolutePath();
    const QList<core::RunRecord> runs = m_store->runs(1000);
    QPointer<MainWindow> self(this);
    m_measuring = QThread::create([self, repo, runs] {
        const core::ProjectCalibration c = core::ProjectCalibration::measure(repo, runs);
        QMetaObject::invokeMethod(
            self.data(),
            [self, c] {
                if (!self)
                    return;
                self->m_measuring->wait();
                delete self->m_measuring;
                self->m_measuring = nullptr;
                if (c.arrivals.valid && c.services.valid)
                    self->m_simulatorArea->setMeasuredValues(c.arrivals.lambda, c.services.mu,
                                                             c.arrivals.ca2, c.services.cs2);
            },
            Qt::QueuedConnection);
    });
    m_measuring->start();
}

void MainWindow::showEnvironments()
{
    const PipelineDocument *d = m_pipelineArea->document();
    if (d->isLoading())
        return;
    const auto &envs = d->pipeline().environments;
    // A file that fails to load keeps the panels of its last good version.
    if (envs.isEmpty() && (d->ioError() || core::hasErrors(d->diagnostics())))
        return;
    m_environmentsArea->setEnvironments(envs, QFileInfo(d->path()).absolutePath(), d->hasFile());
}

bool MainWindow::openFile(const QString &path)
{
    if (path.isEmpty())
        return false;
    // Opening a file (this one again too) drops the open one's edits: ask first.
    if (!m_pipelineArea->maybeSave())
        return false;
    const bool exists = QFileInfo(path).isFile();
    if (exists)
        m_recentFiles->add(path);
    else
        statusBar()->showMessage(tr("File not found: %1").arg(path), 5000);
    // A missing file is loaded too, so its I/O problem shows in the Problems list.
    m_pipelineArea->openFile(path);
    setCurrentArea(PipelineAreaIndex);
    return exists;
}

int MainWindow::currentArea() const
{
    return m_areas->currentIndex();
}

void MainWindow::setCurrentArea(int area)
{
    m_modeBar->setCurrentIndex(area);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open…"), this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("New Project From &Demo…"), this, &MainWindow::newProjectFromDemo);
    QAction *reload = file->addAction(tr("Re&load"), this, [this] {
        m_pipelineArea->reload();
    });
    reload->setShortcut(QKeySequence(Qt::Key_F5));
    QAction *save = file->addAction(tr("&Save"), this, [this] {
        QString error;
        if (!m_pipelineArea->save(&error))
            statusBar()->showMessage(tr("Could not save: %1").arg(error), 5000);
    });
    save->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction(tr("Save &As…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save Pipeline As"), m_pipelineArea->document()->path(),
            tr("Pipeline files (*.yml *.yaml)"));
        if (path.isEmpty())
            return;
        QString error;
        if (m_pipelineArea->saveAs(path, &error))
            m_recentFiles->add(m_pipelineArea->document()->path());
        else
            statusBar()->showMessage(tr("Could not save: %1").arg(error), 5000);
    });
    saveAs->setShortcuts(
        keysFor(QKeySequence::SaveAs, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)));
    file->addSeparator();
    // Quitting closes the window, which asks about unsaved edits.
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcuts(keysFor(QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q)));

    // Edit: the pipeline editor's one undo stack and its stage actions.
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QUndoStack *undo = m_pipelineArea->document()->undoStack();
    QAction *undoAction = undo->createUndoAction(this, tr("&Undo"));
    undoAction->setShortcut(QKeySequence::Undo);
    QAction *redoAction = undo->createRedoAction(this, tr("&Redo"));
    redoAction->setShortcut(QKeySequence::Redo);
    edit->addAction(undoAction);
    edit->addAction(redoAction);
    edit->addSeparator();
    const PipelineEditor *editor = m_pipelineArea->editor();
    for (QAction *a : {editor->cutAction(), editor->copyAction(), editor->pasteAction(),
                       editor->deleteAction(), editor->duplicateAction(),
                       editor->selectAllAction()})
        edit->addAction(a);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names = {tr("&Pipeline"), tr("&Runs && logs"), tr("&Environments"),
                               tr("&Simulator")};
    for (int i = 0; i < names.size(); ++i) {
        QAction *action = view->addAction(names[i], this, [this, i] { setCurrentArea(i); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    const QList<QAction *> runActions = m_runsArea->runActions();
    for (QAction *action : runActions) {
        run->addAction(action);
        if (action == m_runsArea->cancelAction() || action == m_runsArea->rerunFailedAction())
            run->addSeparator();
    }
    run->addSeparator();
    run->addAction(editor->showLogAction());
    // Starting a run shows it; so does asking for a stage's log in the editor.
    connect(m_runsArea->runAction(), &QAction::triggered, this,
            [this] { setCurrentArea(RunsAreaIndex); });
    connect(editor, &PipelineEditor::stageLogRequested, this, [this](const QString &id) {
        setCurrentArea(RunsAreaIndex);
        m_runsArea->showStageLog(id);
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Pipewright"), this, &MainWindow::showAbout);
    about->setShortcut(QKeySequence::HelpContents);
}

void MainWindow::showOpenDialog()
{
    const PipelineDocument *document = m_pipelineArea->document();
    const QString dir = document->hasFile() ? QFileInfo(document->path()).absolutePath()
                                            : QString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Pipeline"), dir,
        tr("Pipeline files (*.yml *.yaml);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::newProjectFromDemo()
{
    const QString dir = QFileDialog::getSaveFileName(
        this, tr("New Project From Demo — a new or empty folder"),
        QDir::home().filePath(QStringLiteral("pipewright-demo")), QString(), nullptr,
        QFileDialog::ShowDirsOnly);
    if (dir.isEmpty())
        return;
    // A dozen small files and one commit: quick enough for the GUI thread.
    const core::DemoProject::Result r = core::DemoProject::create(dir);
    if (!r.ok) {
        QMessageBox::warning(this, tr("New Project From Demo"), r.error);
        return;
    }
    openFile(r.pipelineFile);
    statusBar()->showMessage(tr("Demo project created in %1").arg(r.directory), 5000);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_recentFiles->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        // &1…&9 and &0 make each entry reachable from the keyboard once the menu is open.
        const QString label = i < 10 ? QStringLiteral("&%1 %2").arg((i + 1) % 10).arg(path)
                                     : path;
        m_recentMenu->addAction(label, this, [this, path] {
            if (!QFileInfo(path).isFile()) {
                m_recentFiles->remove(path);
                statusBar()->showMessage(tr("File not found: %1").arg(path), 5000);
                return;
            }
            openFile(path);
        });
    }
    if (!files.isEmpty())
        m_recentMenu->addSeparator();
    QAction *clear = m_recentMenu->addAction(tr("&Clear Menu"), m_recentFiles,
                                             &RecentFiles::clear);
    clear->setEnabled(!files.isEmpty());
    m_recentMenu->setEnabled(true);
}

void MainWindow::updateTitleAndStatus()
{
    const PipelineDocument *document = m_pipelineArea->document();
    if (document->hasFile()) {
        setWindowFilePath(document->path());
        // [*] shows as "*" while the document has unsaved edits.
        setWindowTitle(tr("%1[*] — Pipewright").arg(QFileInfo(document->path()).fileName()));
    } else {
        setWindowTitle(tr("Pipewright[*]"));
    }
    setWindowModified(document->isModified());
    m_summary->setText(m_pipelineArea->summary());
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Pipewright"),
        tr("<h3>Pipewright %1</h3><p>A desktop studio for CI/CD pipelines: design them, run "
           "them on your own machine, and tune their throughput.</p>")
            .arg(QApplication::applicationVersion()));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState());
    settings.setValue(areaKey, currentArea());
    settings.setValue(pipelineAreaKey, m_pipelineArea->saveState());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(geometryKey).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(stateKey).toByteArray());
    m_pipelineArea->restoreState(settings.value(pipelineAreaKey).toByteArray());
    setCurrentArea(settings.value(areaKey, int(PipelineAreaIndex)).toInt());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Unsaved edits: Save, Discard or Cancel (which keeps the window, and the app, open).
    if (!m_pipelineArea->maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

} // namespace pw::ui
