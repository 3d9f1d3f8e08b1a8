#pragma once

#include "core/pipeline/pipeline.h"

#include <QList>
#include <QStringList>
#include <QWidget>

class QLabel;
class QStackedWidget;
class QTabWidget;

namespace pw::core {
class RunStore;
}

namespace pw::ui {

class EnvironmentPanel;

// The blue/green half of the Environments area: one EnvironmentPanel per environment of the
// open pipeline (a tab each), or a page saying what to add to the pipeline file when it has
// none. MainWindow feeds it the document's environments; the panels do the rest.
class EnvironmentsArea : public QWidget
{
    Q_OBJECT

public:
    explicit EnvironmentsArea(core::RunStore *store, QWidget *parent = nullptr);

    // `kubeconfigPaths` empty: $KUBECONFIG, else ~/.kube/config. Set before setEnvironments.
    void setKubeconfigPaths(const QStringList &paths) { m_kubeconfigPaths = paths; }
    // The open pipeline's environments (`pipelineOpen` false: no file is open). Panels are
    // rebuilt only when the environments differ from the ones shown.
    void setEnvironments(const QList<core::EnvironmentSpec> &environments,
                         const QString &baseDir, bool pipelineOpen = true);

    int panelCount() const;
    EnvironmentPanel *panel(int index) const;
    bool isShowingEmptyState() const;
    QLabel *emptyStateLabel() const { return m_empty; }

private:
    core::RunStore *m_store;
    QStringList m_kubeconfigPaths;
    QList<core::EnvironmentSpec> m_environments;
    QString m_baseDir;
    QStackedWidget *m_pages;
    QLabel *m_empty;
    QTabWidget *m_tabs;
};

} // namespace pw::ui
