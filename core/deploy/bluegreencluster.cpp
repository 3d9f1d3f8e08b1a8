#include "bluegreencluster.h"

#include "bluegreenmanifests.h"
#include "bluegreenschema.h"

#include "core/kube/rolloutwaiter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace pw::core {

namespace {

const QString AppsV1 = QStringLiteral("apps/v1");
const QString CoreV1 = QStringLiteral("v1");
const QString DeploymentKind = QStringLiteral("Deployment");
const QString ServiceKind = QStringLiteral("Service");

// A 409 from server-side apply whose every conflict is on .spec.replicas.
bool onlyReplicasConflict(const KubeResult &r)
{
    const QJsonArray causes = r.object[u"details"][u"causes"].toArray();
    if (causes.isEmpty())
        return false;
    for (const QJsonValue &c : causes) {
        if (c[u"field"].toString() != u".spec.replicas")
            return false;
    }
    return true;
}

} // namespace

BlueGreenCluster::BlueGreenCluster(const KubeConnection &connection,
                                   const KubeBackgroundTask::Handle &handle,
                                   const EnvironmentSpec &env)
    : m_client(connection, handle.cancelFlag())
    , m_handle(handle)
    , m_env(env)
{ }

KubeResult BlueGreenCluster::retrying(const QString &name, const std::function<KubeResult()> &call)
{
    QElapsedTimer clock;
    clock.start();
    int delay = 200;
    for (;;) {
        const KubeResult r = call();
        if (!r.isTransientFor(name) || clock.elapsed() > RetryMs || m_handle.cancelled())
            return r;
        if (!m_handle.sleep(delay))
            return r;
        delay = std::min(delay * 2, 2000);
    }
}

// A 409 or 422 is an answer about the state and final; only no answer or a 5xx is repeated.
KubeResult BlueGreenCluster::writeOnce(const std::function<KubeResult()> &call)
{
    m_rewritten = false;
    QElapsedTimer clock;
    clock.start();
    int delay = 200;
    for (;;) {
        const KubeResult r = call();
        const bool again = !r.ok && (r.status == 0 || r.status >= 500);
        if (!again || clock.elapsed() > RetryMs || m_handle.cancelled())
            return r;
        if (!m_handle.sleep(delay))
            return r;
        delay = std::min(delay * 2, 2000);
        m_rewritten = true;
    }
}

KubeResult BlueGreenCluster::get(const QString &apiVersion, const QString &kind,
                                 const QString &name)
{
    return retrying(name,
                    [&] { return m_client.get(apiVersion, kind, name, m_env.kubeNamespace); });
}

bool BlueGreenCluster::readStatus(BlueGreenStatus *s, QString *error)
{
    *s = BlueGreenStatus();
    s->environment = m_env.name;
    const KubeResult svc = get(CoreV1, ServiceKind, m_env.service);
    if (svc.ok) {
        if (!BlueGreenSchema::readService(svc.object, m_env, s, error))
            return false;
    } else if (!svc.isNotFoundFor(m_env.service)) {
        *error = svc.message;
        return false;
    }
    for (const QString &colour : {QStringLiteral("blue"), QStringLiteral("green")}) {
        if (!readColour(colour, &s->colour(colour), error))
            return false;
    }
    return true;
}

bool BlueGreenCluster::readColour(const QString &colour, BlueGreenStatus::Colour *c, QString *error)
{
    const QString name = BlueGreenSchema::deploymentName(m_env, colour);
    const KubeResult d = get(AppsV1, DeploymentKind, name);
    if (d.isNotFoundFor(name))
        return true;
    if (!d.ok) {
        *error = d.message;
        return false;
    }
    return BlueGreenSchema::readDeployment(d.object, m_env, colour, c, error);
}

KubeResult BlueGreenCluster::apply(const QJsonObject &object)
{
    const QString name = object[u"metadata"][u"name"].toString();
    KubeResult r = retrying(name, [&] { return m_client.apply(object); });
    if (r.isConflict() && onlyReplicasConflict(r))
        r = retrying(name, [&] { return m_client.apply(object, true); });
    return r;
}

bool BlueGreenCluster::patchServiceAnnotations(const QString &rv, const QJsonObject &annotations,
                                               QString *error)
{
    const QByteArray json = BlueGreenSchema::annotationsPatch(annotations, rv);
    const KubeResult r = writeOnce([&] {
        return m_client.patch(CoreV1, ServiceKind, m_env.service, json,
                              "application/merge-patch+json", m_env.kubeNamespace);
    });
    if (!r.ok)
        *error = r.isConflict() ? QStringLiteral("service/%1 changed meanwhile").arg(m_env.service)
                                : QStringLiteral("service/%1: %2").arg(m_env.service, r.message);
    return r.ok;
}

KubeResult BlueGreenCluster::writeSwitch(bool create, const QString &to,
                                         const QJsonObject &annotations, const QString &rv)
{
    KubeResult r;
    if (create) {
        const QJsonObject svc = BlueGreenManifests::serviceWithAnnotations(m_env, to, annotations);
        QString error;
        const auto res = m_client.resource(CoreV1, ServiceKind, &error);
        if (!res) {
            r.message = error;
            return r;
        }
        const QString path = m_client.collectionPath(*res, m_env.kubeNamespace);
        r = writeOnce([&] {
            return m_client.request("POST", path, QJsonDocument(svc).toJson(QJsonDocument::Compact),
                                    "application/json");
        });
    } else {
        const QByteArray json = BlueGreenSchema::switchPatch(m_env, to, annotations, rv);
        r = writeOnce([&] {
            return m_client.patch(CoreV1, ServiceKind, m_env.service, json,
                                  "application/merge-patch+json", m_env.kubeNamespace);
        });
    }
    // A repeated write that meets 409 may have met its own first attempt, which the
    // apiserver applied before the answer was lost: our switched-at says so.
    if ((r.isConflict() || r.status == 409) && m_rewritten) {
        const KubeResult now = get(CoreV1, ServiceKind, m_env.service);
        if (now.ok && BlueGreenSchema::carriesSwitch(now.object, annotations))
            r = now;
    }
    return r;
}

bool BlueGreenCluster::scale(const QString &colour, int replicas, QString *error)
{
    const QString name = BlueGreenSchema::deploymentName(m_env, colour);
    const QByteArray body = BlueGreenManifests::scalePatch(replicas);
    const KubeResult r = retrying(name, [&] {
        return m_client.patch(AppsV1, DeploymentKind, name, body, "application/merge-patch+json",
                              m_env.kubeNamespace);
    });
    if (!r.ok)
        *error = QStringLiteral("deployment.apps/%1: %2").arg(name, r.message);
    return r.ok;
}

bool BlueGreenCluster::waitForRollout(const QString &colour, qint64 timeoutMs, const Say &say,
                                      QString *error)
{
    const RolloutWaiter waiter(m_client, m_handle);
    return waiter.wait(BlueGreenSchema::deploymentName(m_env, colour), m_env.kubeNamespace,
                       timeoutMs, say, error);
}

} // namespace pw::core
