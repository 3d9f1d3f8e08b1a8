#pragma once

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QStandardItemModel;
class QThread;
class QTreeView;

namespace pw::core {
class KubeDeploymentTracker;
}

namespace pw::ui {

// The Environments area's cluster view: a kubeconfig context selector, the connection status,
// and the namespace's deployments with ready/desired replicas kept live by core's
// KubeDeploymentTracker (a watch). Reading kubeconfig and resolving a context (files, exec
// plugins) happen on a worker thread; the panel only shows what core reports.
class KubeClusterPanel : public QWidget
{
    Q_OBJECT

public:
    explicit KubeClusterPanel(QWidget *parent = nullptr);
    ~KubeClusterPanel() override;

    // Re-reads the kubeconfig (KUBECONFIG or ~/.kube/config) and connects to `context`
    // (empty: the current one).
    void reload(const QString &context = QString());

    QComboBox *contextBox() const { return m_contexts; }
    QLabel *statusLabel() const { return m_status; }
    QStandardItemModel *deploymentsModel() const { return m_model; }

signals:
    void deploymentsChanged();

private:
    void showDeployments();

    QComboBox *m_contexts;
    QLabel *m_status;
    QStandardItemModel *m_model;
    QTreeView *m_view;
    core::KubeDeploymentTracker *m_tracker = nullptr;
    QThread *m_loader = nullptr;
    int m_generation = 0;
};

} // namespace pw::ui
