#include "environmentsarea.h"

#include "environmentpanel.h"

#include <QLabel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace pw::ui {

namespace {

QString emptyText(bool pipelineOpen)
{
    const QString heading =
        pipelineOpen ? EnvironmentsArea::tr("This pipeline has no environments yet")
                     : EnvironmentsArea::tr("No pipeline is open");
    const QString lead =
        pipelineOpen
            ? EnvironmentsArea::tr("Blue/green deploys need an <code>environments:</code> "
                                   "section in the pipeline file. Add one like this, and a "
                                   "stage with a <code>bluegreen</code> step that deploys "
                                   "to it:")
            : EnvironmentsArea::tr("Open a pipeline file whose <code>environments:</code> "
                                   "section names a blue/green target, for example:");
    const QString yaml = QStringLiteral(
        "environments:\n"
        "  production:\n"
        "    namespace: default      # must exist in the cluster\n"
        "    app: web                # the Deployments are web-blue and web-green\n"
        "    service: web            # its selector picks the live colour\n"
        "    port: 8080\n"
        "    replicas: 2\n"
        "    scale-down-delay: 5m    # the old colour stays warm this long\n"
        "    verify-window: 1m       # checks after a switch; a failure switches back\n"
        "stages:\n"
        "  - id: deploy\n"
        "    steps:\n"
        "      - bluegreen: production\n"
        "        image: 127.0.0.1:5000/web:latest\n");
    return QStringLiteral("<h2>%1</h2><p>%2</p>"
                          "<pre style=\"background:#f6f8fa; padding:10px;\">%3</pre>"
                          "<p>%4</p>")
        .arg(heading, lead, yaml.toHtmlEscaped(),
             EnvironmentsArea::tr("Each environment then gets a blue and a green card, the "
                                  "traffic toggle, rollback and the switch history here. "
                                  "docs/pipeline-format.md lists every field."));
}

} // namespace

EnvironmentsArea::EnvironmentsArea(core::RunStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_pages(new QStackedWidget)
    , m_empty(new QLabel)
    , m_tabs(new QTabWidget)
{
    setObjectName(QStringLiteral("environmentsArea"));
    m_empty->setObjectName(QStringLiteral("environmentsEmptyState"));
    m_empty->setTextFormat(Qt::RichText);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_empty->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_empty->setContentsMargins(24, 16, 24, 16);
    m_empty->setText(emptyText(false));
    auto *emptyPage = new QWidget;
    auto *emptyLayout = new QVBoxLayout(emptyPage);
    emptyLayout->addWidget(m_empty);
    emptyLayout->addStretch(1);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabBarAutoHide(true);
    m_pages->addWidget(emptyPage);
    m_pages->addWidget(m_tabs);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
}

void EnvironmentsArea::setEnvironments(const QList<core::EnvironmentSpec> &environments,
                                       const QString &baseDir, bool pipelineOpen)
{
    m_empty->setText(emptyText(pipelineOpen));
    if (environments == m_environments && baseDir == m_baseDir && m_tabs->count() > 0)
        return;
    m_environments = environments;
    m_baseDir = baseDir;
    while (m_tabs->count() > 0) {
        QWidget *w = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete w;
    }
    for (const core::EnvironmentSpec &env : environments) {
        auto *panel = new EnvironmentPanel(env, m_store);
        panel->setBaseDir(baseDir);
        m_tabs->addTab(panel, env.name);
        m_tabs->setTabToolTip(m_tabs->count() - 1,
                              tr("namespace %1, service %2").arg(env.kubeNamespace, env.service));
        panel->connectToCluster(m_kubeconfigPaths);
    }
    m_pages->setCurrentIndex(environments.isEmpty() ? 0 : 1);
}

int EnvironmentsArea::panelCount() const
{
    return m_tabs->count();
}

EnvironmentPanel *EnvironmentsArea::panel(int index) const
{
    return qobject_cast<EnvironmentPanel *>(m_tabs->widget(index));
}

bool EnvironmentsArea::isShowingEmptyState() const
{
    return m_pages->currentIndex() == 0;
}

} // namespace pw::ui
