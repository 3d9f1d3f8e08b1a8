#include "kubeclusterpanel.h"

#include "core/kube/kubeconfig.h"
#include "core/kube/kubeconnection.h"
#include "core/kube/kubedeploymenttracker.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QStandardItemModel>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>

namespace pw::ui {

KubeClusterPanel::KubeClusterPanel(QWidget *parent)
    : QWidget(parent)
    , m_contexts(new QComboBox)
    , m_status(new QLabel(tr("Reading kubeconfig…")))
    , m_model(new QStandardItemModel(0, 4, this))
    , m_view(new QTreeView)
{
    m_contexts->setObjectName(QStringLiteral("kubeContexts"));
    m_contexts->setMinimumContentsLength(24);
    m_status->setObjectName(QStringLiteral("kubeStatus"));
    m_status->setWordWrap(true);
    m_model->setHorizontalHeaderLabels(
        {tr("Deployment"), tr("Ready"), tr("Up to date"), tr("Rollout")});
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(0, 260);

    auto *top = new QHBoxLayout;
    auto *title = new QLabel(tr("<b>Kubernetes</b>"));
    top->addWidget(title);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Context:")));
    top->addWidget(m_contexts);
    top->addSpacing(12);
    top->addWidget(m_status, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_contexts, &QComboBox::activated, this,
            [this](int index) { reload(m_contexts->itemText(index)); });
}

KubeClusterPanel::~KubeClusterPanel()
{
    if (m_loader)
        m_loader->wait(); // kubeconfig reads and exec plugins are bounded
}

void KubeClusterPanel::reload(const QString &context)
{
    if (m_loader)
        return;
    const int generation = ++m_generation;
    m_status->setText(tr("Connecting…"));
    QPointer<KubeClusterPanel> self(this);
    m_loader = QThread::create([self, context, generation] {
        core::KubeConfig config;
        QString error;
        std::optional<core::KubeConnection> connection;
        const bool loaded = config.loadDefault();
        if (!loaded)
            error = config.errorString().isEmpty()
                        ? QStringLiteral("no kubeconfig (set KUBECONFIG or create ~/.kube/config)")
                        : config.errorString();
        else
            connection = core::KubeConnection::resolve(config, context, &error);
        const QStringList names = config.contextNames();
        const QString current = connection ? connection->contextName() : config.currentContext();
        QMetaObject::invokeMethod(
            self.data(),
            [self, names, current, connection, error, generation] {
                if (!self)
                    return;
                self->m_loader->wait();
                delete self->m_loader;
                self->m_loader = nullptr;
                if (generation != self->m_generation)
                    return;
                self->m_contexts->clear();
                self->m_contexts->addItems(names);
                self->m_contexts->setCurrentText(current);
                delete self->m_tracker;
                self->m_tracker = nullptr;
                self->m_model->removeRows(0, self->m_model->rowCount());
                if (!connection) {
                    self->m_status->setText(tr("Not connected: %1").arg(error));
                    emit self->deploymentsChanged();
                    return;
                }
                self->m_tracker = new core::KubeDeploymentTracker(*connection, QString(), self);
                auto refresh = [self] { if (self) self->showDeployments(); };
                connect(self->m_tracker, &core::KubeDeploymentTracker::reset, self, refresh);
                connect(self->m_tracker, &core::KubeDeploymentTracker::deploymentChanged, self,
                        refresh);
                connect(self->m_tracker, &core::KubeDeploymentTracker::deploymentRemoved, self,
                        refresh);
                connect(self->m_tracker, &core::KubeDeploymentTracker::connectionChanged, self,
                        [self, ns = connection->kubeNamespace()](bool ok, const QString &msg) {
                            if (!self)
                                return;
                            self->m_status->setText(ok ? tr("Connected · namespace %1").arg(ns)
                                                       : tr("Not connected: %1").arg(msg));
                        });
                self->m_tracker->start();
            },
            Qt::QueuedConnection);
    });
    m_loader->start();
}

void KubeClusterPanel::showDeployments()
{
    if (!m_tracker)
        return;
    m_model->removeRows(0, m_model->rowCount());
    const auto deployments = m_tracker->deployments();
    for (const core::KubeDeploymentTracker::Deployment &d : deployments) {
        QList<QStandardItem *> row{
            new QStandardItem(d.name),
            new QStandardItem(QStringLiteral("%1/%2").arg(d.ready).arg(d.desired)),
            new QStandardItem(QString::number(d.updated)), new QStandardItem(d.rollout)};
        if (d.failed)
            row.last()->setForeground(QColor(0xc6, 0x28, 0x28));
        m_model->appendRow(row);
    }
    emit deploymentsChanged();
}

} // namespace pw::ui
