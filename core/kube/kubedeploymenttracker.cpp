#include "kubedeploymenttracker.h"

#include "kubewatch.h"
#include "rolloutstatus.h"

#include <QUrl>

namespace pw::core {

KubeDeploymentTracker::KubeDeploymentTracker(KubeConnection connection, QString labelSelector,
                                             QObject *parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_selector(std::move(labelSelector))
{}

void KubeDeploymentTracker::start()
{
    delete m_watch;
    const QString query = m_selector.isEmpty()
                              ? QString()
                              : QStringLiteral("labelSelector=")
                                    + QString::fromUtf8(QUrl::toPercentEncoding(m_selector));
    m_watch = new KubeWatch(m_connection, QStringLiteral("apps/v1"),
                            QStringLiteral("Deployment"), m_connection.kubeNamespace(), query,
                            this);
    connect(m_watch, &KubeWatch::listed, this, [this](const QJsonArray &items) {
        m_deployments.clear();
        for (const QJsonValue &v : items)
            update(v.toObject());
        setConnected(true, QStringLiteral("connected to %1 (context %2)")
                               .arg(m_connection.endpoint().baseUrl,
                                    m_connection.contextName()));
        emit reset();
    });
    connect(m_watch, &KubeWatch::eventReceived, this,
            [this](const QString &type, const QJsonObject &object) {
                setConnected(true, m_status);
                const QString name = object[u"metadata"][u"name"].toString();
                if (type == QLatin1String("DELETED")) {
                    m_deployments.remove(name);
                    emit deploymentRemoved(name);
                    return;
                }
                update(object);
                emit deploymentChanged(name);
            });
    connect(m_watch, &KubeWatch::connectionLost, this,
            [this](const QString &message) { setConnected(false, message); });
    connect(m_watch, &KubeWatch::failed, this,
            [this](const QString &message) { setConnected(false, message); });
    m_watch->start();
}

void KubeDeploymentTracker::setConnected(bool connected, const QString &message)
{
    if (connected == m_connected && message == m_status)
        return;
    m_connected = connected;
    m_status = message;
    emit connectionChanged(connected, message);
}

void KubeDeploymentTracker::update(const QJsonObject &object)
{
    Deployment d;
    d.name = object[u"metadata"][u"name"].toString();
    const QJsonObject status = object[u"status"].toObject();
    d.desired = object[u"spec"][u"replicas"].toInt(1);
    d.ready = status[u"readyReplicas"].toInt();
    d.updated = status[u"updatedReplicas"].toInt();
    d.available = status[u"availableReplicas"].toInt();
    const RolloutStatus::Result r = RolloutStatus::evaluate(object);
    d.rollout = r.message;
    d.failed = r.state == RolloutStatus::State::Failed;
    m_deployments.insert(d.name, d);
}

} // namespace pw::core
