#pragma once

#include "bluegreenstatus.h"

#include "core/kube/kubeconnection.h"
#include "core/pipeline/pipeline.h"

#include <QObject>
#include <QString>
#include <QTimer>

namespace pw::core {

class BlueGreenController;
class KubeWatch;

// Keeps one blue/green environment's status fresh without polling: watches on the
// namespace's Deployments labelled app=<app>, on the Service and on the Namespace itself say
// *when* something changed, and a BlueGreenController of its own re-reads *what* (so the
// watcher applies exactly the controller's rules, hand-edit detection included). Bursts of
// events (a rollout sends dozens) collapse into one read, and at most one read is in flight.
// Owned by whoever shows the environment (the GUI's environment panel); lives on its thread.
class BlueGreenWatcher : public QObject
{
    Q_OBJECT

public:
    // `connection` must already point at the environment's namespace or any: the watches and
    // reads use env.kubeNamespace.
    BlueGreenWatcher(EnvironmentSpec env, KubeConnection connection, QObject *parent = nullptr);
    ~BlueGreenWatcher() override;

    // Events that arrive within this many ms of each other cause one read (default 100).
    void setCoalesceMs(int ms) { m_coalesce.setInterval(ms); }

    void start();
    void stop();
    // Reads again soon (e.g. after an operation that another controller ran), coalesced with
    // any read already asked for.
    void refresh();

    const EnvironmentSpec &environment() const { return m_env; }
    // The last status read successfully; check hasStatus() first.
    bool hasStatus() const { return m_hasStatus; }
    BlueGreenStatus status() const { return m_status; }
    // The last failure; empty once a read succeeded again.
    QString errorString() const { return m_error; }
    // Reads done so far (for tests of the coalescing).
    int readCount() const { return m_reads; }

signals:
    void statusChanged(const pw::core::BlueGreenStatus &status);
    // The environment cannot be read as it stands: missing namespace, unreachable apiserver,
    // a Service or Deployment changed by hand (the controller's words).
    void failed(const QString &message);

private:
    enum class NamespaceState { Unknown, Present, Missing };

    void read();
    void onRead(bool ok, const QString &message);
    void watchFailed(const QString &what, const QString &message);
    void setNamespaceState(NamespaceState state);
    void report(const QString &message);

    EnvironmentSpec m_env;
    KubeConnection m_connection;
    BlueGreenController *m_controller = nullptr;
    KubeWatch *m_deployments = nullptr;
    KubeWatch *m_services = nullptr;
    KubeWatch *m_namespaces = nullptr;
    QTimer m_coalesce;
    bool m_reading = false;
    bool m_dirty = false; // an event arrived while a read was in flight
    bool m_running = false;
    NamespaceState m_namespace = NamespaceState::Unknown;
    bool m_hasStatus = false;
    BlueGreenStatus m_status;
    QString m_error;
    int m_reads = 0;
};

} // namespace pw::core
