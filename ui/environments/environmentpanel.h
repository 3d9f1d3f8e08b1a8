#pragma once

#include "core/deploy/bluegreencontroller.h"
#include "core/deploy/bluegreenlifecycle.h"
#include "core/deploy/bluegreenstatus.h"
#include "core/deploy/bluegreenupkeep.h"
#include "core/kube/kubebackgroundtask.h"
#include "core/pipeline/pipeline.h"

#include <QDateTime>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeView;

namespace pw::core {
class BlueGreenWatcher;
class RunStore;
}

namespace pw::ui {

class ColourCard;
class SwitchHistoryModel;

// One blue/green environment: a card per colour, which one is live, the traffic toggle,
// rollback and abort, the scale-down countdown and the switch history. What it shows comes
// from core's BlueGreenWatcher (watches, no polling); what it does goes through a
// BlueGreenController of its own that records into the run store: the toggle starts core's
// BlueGreenLifecycle (promote, then the verification window), rollback and abort are single
// operations that may take over a running window. Refusals and failures show inline. Owned
// by the EnvironmentsArea.
class EnvironmentPanel : public QWidget
{
    Q_OBJECT

public:
    EnvironmentPanel(core::EnvironmentSpec env, core::RunStore *store,
                     QWidget *parent = nullptr);
    ~EnvironmentPanel() override;

    // Where the environment's manifests are read from (the pipeline file's folder).
    void setBaseDir(const QString &dir) { m_baseDir = dir; }
    // Resolves the environment's kubeconfig context off the GUI thread, then starts watching.
    // `kubeconfigPaths` empty: $KUBECONFIG, else ~/.kube/config.
    void connectToCluster(const QStringList &kubeconfigPaths = {});

    const core::EnvironmentSpec &environment() const { return m_env; }
    bool hasStatus() const { return m_hasStatus; }
    core::BlueGreenStatus status() const { return m_status; }
    bool isBusy() const;

    ColourCard *card(const QString &colour) const;
    QPushButton *toggleButton() const { return m_toggle; }
    QPushButton *rollbackButton() const { return m_rollback; }
    QPushButton *abortButton() const { return m_abort; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *progressLabel() const { return m_progress; }
    QLabel *trafficLabel() const { return m_traffic; }
    QLabel *phaseLabel() const { return m_phase; }
    SwitchHistoryModel *historyModel() const { return m_history; }
    // The confirmation asked before a switch while it is open, else null.
    QMessageBox *pendingConfirmation() const { return m_confirmation; }
    core::BlueGreenWatcher *watcher() const { return m_watcher; }
    core::BlueGreenController *controller() const { return m_controller; }
    core::BlueGreenLifecycle *lifecycle() const { return m_lifecycle; }

signals:
    // After each status the panel shows (tests wait on it).
    void statusShown();
    // After each operation the panel's controller finished.
    void operationFinished(pw::core::BlueGreenController::Operation operation, bool ok,
                           const QString &message);

private:
    void startWatching(const core::KubeConnection &connection);
    void onStatus(const core::BlueGreenStatus &status);
    void onFinished(core::BlueGreenController::Operation operation, bool ok,
                    const QString &message);
    void askToSwitch();
    void askToAbort();
    void rollback();
    void refreshHistory();
    void updateView();
    void updateButtons();
    void updateTimes();
    void setWorking(const QString &text);
    QString version(const QString &colour) const;
    // Why traffic cannot go to the idle colour now; empty when it can.
    QString switchBlocker() const;

    core::EnvironmentSpec m_env;
    core::RunStore *m_store;
    QString m_baseDir;
    core::KubeBackgroundTask m_resolver;
    core::BlueGreenWatcher *m_watcher = nullptr;
    core::BlueGreenController *m_controller = nullptr;
    core::BlueGreenLifecycle *m_lifecycle = nullptr;

    bool m_connecting = false;
    bool m_hasStatus = false;
    core::BlueGreenStatus m_status;
    QString m_statusError;    // the environment cannot be read (watcher, connection)
    QString m_operationError; // the last operation's refusal or failure
    core::BlueGreenUpkeep m_upkeep; // what the passing deadlines ask for

    QLabel *m_title;
    QLabel *m_subtitle;
    QProgressBar *m_busy;
    QLabel *m_progress;
    QLabel *m_error;
    ColourCard *m_blue;
    ColourCard *m_green;
    QLabel *m_traffic;
    QLabel *m_phase;
    QPushButton *m_toggle;
    QPushButton *m_rollback;
    QPushButton *m_abort;
    SwitchHistoryModel *m_history;
    QTreeView *m_historyView;
    QPointer<QMessageBox> m_confirmation;
    QTimer m_clock;
};

} // namespace pw::ui
