#pragma once

#include "kubeconnection.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>

namespace pw::core {

class KubeWatch;

// The deployments of one namespace with their ready/desired replicas, kept live by a
// KubeWatch, plus the connection state: what the GUI's deployments view and context
// selector observe. Owned by the view's model; switching context = a new tracker.
class KubeDeploymentTracker : public QObject
{
    Q_OBJECT

public:
    struct Deployment
    {
        QString name;
        int desired = 0;
        int ready = 0;
        int updated = 0;
        int available = 0;
        QString rollout; // RolloutStatus's message
        bool failed = false;
    };

    // `labelSelector` (e.g. "app=web") narrows the list to the project's deployments.
    KubeDeploymentTracker(KubeConnection connection, QString labelSelector = {},
                          QObject *parent = nullptr);

    void start();
    bool isConnected() const { return m_connected; }
    QString statusMessage() const { return m_status; }
    QMap<QString, Deployment> deployments() const { return m_deployments; }

signals:
    void reset(); // the whole list was (re)loaded
    void deploymentChanged(const QString &name);
    void deploymentRemoved(const QString &name);
    void connectionChanged(bool connected, const QString &message);

private:
    void setConnected(bool connected, const QString &message);
    void update(const QJsonObject &object);

    KubeConnection m_connection;
    QString m_selector;
    QPointer<KubeWatch> m_watch;
    QMap<QString, Deployment> m_deployments;
    bool m_connected = false;
    QString m_status;
};

} // namespace pw::core
