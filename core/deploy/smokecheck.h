#pragma once

#include "core/kube/kubeconnection.h"
#include "core/pipeline/pipeline.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>

namespace pw::core {

// The HTTP checks of a blue/green environment's new version, run on a worker thread:
// its health path must answer 2xx, and its metrics (optional) must pass the gate.
//   docker         the image runs locally as a container (labelled for cleanup), reached on
//                  its bridge address — what works when the cluster's pods serve nothing
//                  (kwok) or the image is not in a registry the cluster can pull;
//   service-proxy  through the apiserver: /api/v1/namespaces/NS/services/PREVIEW:PORT/proxy,
//                  reaching the new colour's real pods.
class SmokeCheck
{
public:
    // Labels on a docker smoke container: which environment, and which process owns it.
    static constexpr const char *EnvironmentLabel = "pipewright.smoke.environment";
    static constexpr const char *OwnerLabel = "pipewright.smoke.owner";

    using Say = std::function<void(const QString &)>;

    SmokeCheck(EnvironmentSpec env, KubeConnection connection, const std::atomic<bool> *cancel);
    ~SmokeCheck(); // removes a container still running unless release() was called

    // "namespace/environment": the value of EnvironmentLabel.
    static QString environmentKey(const EnvironmentSpec &env);
    // "host:pid:start" of this process: the value of OwnerLabel.
    static QString ownerId();
    // Whether the process named by an ownerId() value still runs (on this host).
    static bool ownerAlive(const QString &owner);

    // Starts the target (a container for docker) and waits up to env.smokeTimeoutMs for the
    // health path to answer 2xx, then runs the metric gate if thresholds are set.
    bool run(const QString &image, const Say &say, QString *error);
    // One health probe against the running target; false with *detail.
    bool probe(QString *detail);
    // Adopts a container started by an earlier SmokeCheck (for verify()).
    void adopt(const QString &containerId);
    QString containerId() const { return m_container; }
    // Keeps the container alive past this object (the id goes to the next operation).
    QString release();
    // Kills and removes the container, if any.
    void remove();
    // Removes every smoke container of this environment whose owner process is gone (or all
    // of them with `all`); returns how many. Docker unreachable: -1 with *error.
    static int removeOrphans(const EnvironmentSpec &env, bool all, QString *error);

private:
    bool get(const QString &path, int *status, QByteArray *body, QString *detail);
    bool startContainer(const QString &image, const Say &say, QString *error);
    bool resolveAddress(QString *error);

    EnvironmentSpec m_env;
    KubeConnection m_connection;
    const std::atomic<bool> *m_cancel;
    QString m_container;
    QString m_address; // host:port of the container
};

} // namespace pw::core
