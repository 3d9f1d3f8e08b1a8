#pragma once

#include "bluegreenstatus.h"

#include "core/kube/kubebackgroundtask.h"
#include "core/kube/kubeclient.h"
#include "core/pipeline/pipeline.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace pw::core {

// One blue/green environment's objects on the cluster, as the operations see them on their
// worker thread: reads the status by BlueGreenSchema's rules, applies a colour's Deployment
// and the preview Service, patches the Service's annotations, writes a switch, scales a
// colour and waits for a rollout (RolloutWaiter). Reads and server-side applies are repeated
// while the apiserver restarts (up to 20 s); a write of the Service only when no answer came.
// Made by BlueGreenOperations for one operation.
class BlueGreenCluster
{
public:
    using Say = std::function<void(const QString &)>;

    BlueGreenCluster(const KubeConnection &connection, const KubeBackgroundTask::Handle &handle,
                     const EnvironmentSpec &env);

    const KubeClient &client() const { return m_client; }
    const KubeBackgroundTask::Handle &handle() const { return m_handle; }

    // The Service and both Deployments. False (with *error) when the API fails or someone
    // edited them by hand: then nothing may be written.
    bool readStatus(BlueGreenStatus *s, QString *error);

    // Server-side apply without force: fields someone else manages are a conflict to report,
    // not to take over — except the replica count of a Deployment, which our own scale-down
    // (a merge patch) last set.
    KubeResult apply(const QJsonObject &object);
    // A merge patch of the Service's annotations, guarded by `rv` unless empty.
    bool patchServiceAnnotations(const QString &rv, const QJsonObject &annotations, QString *error);
    // The switch: one write of the Service setting the selector to `to` and `annotations`
    // together, guarded by `rv`; with `create` the Service is created (the first traffic; a
    // concurrent creator gets AlreadyExists). A repeated write that meets 409 after its first
    // attempt was applied unanswered is taken as done.
    KubeResult writeSwitch(bool create, const QString &to, const QJsonObject &annotations,
                           const QString &rv);
    // A merge patch of the colour's replica count.
    bool scale(const QString &colour, int replicas, QString *error);
    bool waitForRollout(const QString &colour, qint64 timeoutMs, const Say &say, QString *error);

private:
    KubeResult retrying(const QString &name, const std::function<KubeResult()> &call);
    KubeResult writeOnce(const std::function<KubeResult()> &call);
    KubeResult get(const QString &apiVersion, const QString &kind, const QString &name);
    bool readColour(const QString &colour, BlueGreenStatus::Colour *c, QString *error);

    static constexpr qint64 RetryMs = 20000;

    KubeClient m_client;
    KubeBackgroundTask::Handle m_handle;
    EnvironmentSpec m_env;
    bool m_rewritten = false;
};

} // namespace pw::core
