#pragma once

#include "bluegreencluster.h"
#include "bluegreenstatus.h"

#include "core/kube/kubebackgroundtask.h"
#include "core/kube/kubeconnection.h"
#include "core/pipeline/pipeline.h"

#include <QString>

#include <functional>

namespace pw::core {

// The blue/green operations on one environment, each a blocking call on a worker thread that
// decides from the cluster's state alone (read through BlueGreenCluster) and returns what it
// did: deploy to the idle colour, promote (checks, then the switch), verify the window after
// it, switch back, roll back, abort, scale the previous colour down when due, and recover
// what a killed process left. BlueGreenController runs them off the GUI thread, one at a
// time; a test can call them directly on a thread of its own.
class BlueGreenOperations
{
public:
    using Say = std::function<void(const QString &)>;

    // What an operation hands back.
    struct Outcome
    {
        bool ok = false;
        QString message;
        BlueGreenStatus status; // the cluster as read at the end
        // For the history: what was done (empty = nothing to record).
        QString action;
        QString fromColour;
        QString toColour;
        QString commit;
        QString image;
        QString outcome;        // "ok", "refused", "failed"
        QString smokeContainer; // promote → verify: the container still being probed
    };

    BlueGreenOperations(const KubeConnection &connection, const KubeBackgroundTask::Handle &handle,
                        const EnvironmentSpec &env, QString actor, Say say);

    Outcome status();
    // The Deployment for `image` applied to the idle colour, its rollout awaited, the preview
    // Service pointed at it. Refused while a switch is being verified (the idle colour is
    // the way back then).
    Outcome deployToIdle(const QString &image, const QString &commit, const QString &baseDir,
                         qint64 timeoutMs);
    // The pre-promotion checks, then the switch; `basisRv` non-empty: refused unless the
    // Service is still at that version.
    Outcome promote(const QString &basisRv);
    // The post-promotion window. `container`: the smoke container promote() left running.
    Outcome verify(const QString &container);
    Outcome rollback(const QString &basisRv, qint64 timeoutMs);
    Outcome abort();
    Outcome scaleDownIfDue();
    Outcome recover();

private:
    // Sends traffic back to the previous colour after a failed or abandoned switch.
    Outcome switchBack(const BlueGreenStatus &st, const QString &action, const QString &actor,
                       const QString &why);
    // Writes the switch to `to` and reads the result; fills o's status, message, ok, outcome.
    bool switchTo(const QString &to, const QJsonObject &annotations, const QString &basisRv,
                  const QString &verb, Outcome *o);
    bool checkCanTakeTraffic(const QString &verb, const QString &to,
                             const BlueGreenStatus::Colour &target, const QString &stays,
                             QString *message) const;
    static Outcome refused(Outcome o);
    static Outcome failed(Outcome o);

    BlueGreenCluster m_cluster;
    KubeBackgroundTask::Handle m_handle;
    EnvironmentSpec m_env;
    QString m_actor;
    Say m_say;
};

} // namespace pw::core
