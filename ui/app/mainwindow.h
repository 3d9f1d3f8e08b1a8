#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QMenu;
class QStackedWidget;

namespace pw::core {
class RunEngine;
class RunStore;
}

namespace pw::ui {

class ModeBar;
class PipelineArea;
class RecentFiles;
class RunsArea;
class SimulatorArea;
class KubeClusterPanel;
class EnvironmentsArea;

// The application's main window. It only lays out the areas (Pipeline, Runs & logs,
// Environments, Simulator), builds the menus and wires them to the areas; each area is its
// own widget. Window state and recent files persist through QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Area { PipelineAreaIndex, RunsAreaIndex, EnvironmentsAreaIndex, SimulatorAreaIndex };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a pipeline file in the Pipeline area (loaded off the GUI thread). False when the
    // file does not exist (its problems show in the Problems list) or when the user kept
    // the open file's unsaved edits.
    bool openFile(const QString &path);

    PipelineArea *pipelineArea() const { return m_pipelineArea; }
    RunsArea *runsArea() const { return m_runsArea; }
    EnvironmentsArea *environmentsArea() const { return m_environmentsArea; }
    core::RunEngine *engine() const { return m_engine.get(); }
    RecentFiles *recentFiles() const { return m_recentFiles; }
    QMenu *recentMenu() const { return m_recentMenu; }
    int currentArea() const;
    void setCurrentArea(int area);

    void saveSettings() const;

protected:
    // Asks about unsaved edits first; Cancel keeps the window open.
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void showOpenDialog();
    void newProjectFromDemo();
    void updateRecentMenu();
    void updateTitleAndStatus();
    void showEnvironments();
    void showAbout();
    void restoreSettings();
    // λ, μ and their variability from the project's git and run history, on a worker thread.
    void measureProject();

    // The run history and the engine that records into it; the engine goes first.
    std::unique_ptr<core::RunStore> m_store;
    std::unique_ptr<core::RunEngine> m_engine;
    ModeBar *m_modeBar;
    QStackedWidget *m_areas;
    PipelineArea *m_pipelineArea;
    RunsArea *m_runsArea;
    SimulatorArea *m_simulatorArea;
    KubeClusterPanel *m_clusterPanel;
    EnvironmentsArea *m_environmentsArea;
    class QThread *m_measuring = nullptr;
    RecentFiles *m_recentFiles;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_summary;
};

} // namespace pw::ui
