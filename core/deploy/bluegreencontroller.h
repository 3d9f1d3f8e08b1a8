#pragma once

#include "bluegreenoperations.h"
#include "bluegreenstatus.h"

#include "core/kube/kubebackgroundtask.h"
#include "core/kube/kubeconnection.h"
#include "core/pipeline/pipeline.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace pw::core {

class RunStore;

// Blue/green for one environment at a time, with all state in the cluster: two Deployments
// `<app>-blue` and `<app>-green` labelled app/colour/commit, and the Service whose selector
// {app, colour} picks the live one, annotated with who switched, when, which commit, the
// colour it came from, the phase (verifying until a time, then stable) and when the previous
// colour scales down (BlueGreenSchema). So a new controller (an app restart) reads exactly
// where things stand and recover() finishes what a killed one left. The operations themselves
// are BlueGreenOperations; this facade runs each on a worker thread and ends it with
// finished() on its own thread; one operation at a time per controller (a rollback asked for
// during verify(), or an abort at any time, stops the running work first: finished() reports
// the stopped operation — with currentOperation() already the new one — then the new one),
// and the switch itself is guarded by the Service's resourceVersion against other
// controllers and processes. The sequence promote → verify → scale-down is
// BlueGreenLifecycle's. Owned by whoever drives the environment (the lifecycle's users: the
// bluegreen step runner, the GUI, the CLI; the watcher for its reads).
class BlueGreenController : public QObject
{
    Q_OBJECT

public:
    enum class Operation {
        None,
        Status,
        DeployToIdle,
        Promote,
        Verify,
        Rollback,
        Abort,
        ScaleDown,
        Recover
    };
    Q_ENUM(Operation)

    explicit BlueGreenController(KubeConnection connection, QObject *parent = nullptr);
    ~BlueGreenController() override;

    // Recorded in the Service's switched-by annotation (default: $USER, else "pipewright").
    void setActor(const QString &actor) { m_actor = actor; }
    QString actor() const { return m_actor; }
    // Where an environment's `manifests` are read from (the pipeline file's folder).
    void setBaseDir(const QString &dir) { m_baseDir = dir; }
    // How long deployToIdle waits for the rollout (default 5 minutes).
    void setRolloutTimeoutMs(qint64 ms) { m_rolloutTimeoutMs = ms; }
    // Every deploy, promote, rollback, automatic switch back, abort and scale-down is
    // appended to the environment's history in `store` (used on this thread; may be null),
    // as done by run `runId` (0: by hand).
    void setHistory(RunStore *store, qint64 runId = 0)
    {
        m_store = store;
        m_runId = runId;
    }

    // Each returns at once with the operation's id; finished() follows with that id, also
    // when refused (busy, hand edits).
    quint64 status(const EnvironmentSpec &env);
    // Applies the idle colour's Deployment with `image` and waits for its rollout; points
    // the preview Service (if any) at it.
    quint64 deployToIdle(const EnvironmentSpec &env, const QString &image, const QString &commit);
    // The pre-promotion checks, then the switch. Checks: the idle colour's rollout complete
    // with every replica ready; the smoke test (env.smoke: the image run locally in Docker
    // and its health path answering 2xx, or the health path through the apiserver's service
    // proxy of the preview Service); the metric gate on env.metricsPath if thresholds are
    // set. Any failure leaves traffic where it was. Refused up front: a switch still being
    // verified, an idle colour with nothing deployed since the last switch (a second trigger
    // must not flip traffic back), and a Service no longer at `basisResourceVersion` (the
    // version the caller decided on, e.g. what the GUI showed; empty = the one read now).
    // The switch is one PATCH of the Service (selector + annotations) guarded by that
    // version, so someone else's switch in between makes it fail with 409: refused. With a
    // verification window the Service is left in phase Verifying: call verify() next.
    // A docker smoke container stays up for verify() and is removed by it (or by abort).
    quint64 promote(const EnvironmentSpec &env, const QString &basisResourceVersion = {});
    // The post-promotion window: until verifyUntil, every env.verifyIntervalMs the new
    // colour must keep every replica ready (and its smoke container keep answering). A
    // failed check switches traffic back by itself (recorded as auto-rollback) and
    // finished() reports ok = false. Afterwards the phase is Stable and the previous colour's
    // scale-down is due env.scaleDownDelayMs later.
    quint64 verify(const EnvironmentSpec &env);
    // Switches the Service back to the previous colour, under the same guards. Instant while
    // that colour is warm; after its scale-down it is scaled up and awaited first.
    quint64 rollback(const EnvironmentSpec &env, const QString &basisResourceVersion = {});
    // Gives up an unfinished blue/green: cancels what this controller runs, switches back if
    // traffic is still being verified, and scales the idle colour to zero.
    quint64 abort(const EnvironmentSpec &env);
    // Scales the previous colour to zero if its scale-down is due (no-op otherwise); keeps
    // the scale-down schedule otherwise untouched.
    quint64 scaleDownIfDue(const EnvironmentSpec &env);
    // After an app restart: removes smoke containers a killed controller left, and if the
    // Service is still Verifying, checks the new colour now — switches back if it cannot take
    // traffic, otherwise finishes the rest of the window — so the environment ends stable.
    quint64 recover(const EnvironmentSpec &env);
    // Stops the running operation; finished(op, false, "… cancelled") follows once its
    // worker has really stopped. Traffic stays wherever the worker left it.
    void cancel();

    // What an operation's worker hands back to the controller's thread.
    using Outcome = BlueGreenOperations::Outcome;

    bool isBusy() const { return m_operation != Operation::None; }
    Operation currentOperation() const { return m_operation; }
    // As of the last finished operation.
    BlueGreenStatus lastStatus() const { return m_status; }

signals:
    void progress(const QString &message);
    // lastStatus() then holds the cluster as read at the end of the operation.
    // `id`: what the call that asked for the operation returned.
    void finished(pw::core::BlueGreenController::Operation operation, bool ok,
                  const QString &message, quint64 id);

private:
    using Work = std::function<Outcome(const KubeBackgroundTask::Handle &)>;
    quint64 run(Operation operation, const EnvironmentSpec &env, Work work);
    void startWorker(Operation operation, quint64 id, Work work);
    void deliver(Operation operation, quint64 id, const Outcome &o);
    // Runs `then` on this thread once the current worker has really returned.
    void whenWorkerStopped(std::function<void()> then);
    void record(const Outcome &o);
    BlueGreenOperations::Say sayer(const KubeBackgroundTask::Handle &h);
    static QString operationName(Operation operation);

    KubeConnection m_connection;
    QString m_actor;
    QString m_baseDir;
    qint64 m_rolloutTimeoutMs = 5 * 60 * 1000;
    RunStore *m_store = nullptr;
    qint64 m_runId = 0;
    Operation m_operation = Operation::None;
    quint64 m_lastId = 0;
    quint64 m_currentId = 0;     // of the running operation
    quint64 m_lastDelivered = 0; // the last operation whose worker's result was delivered
    EnvironmentSpec m_environment; // of the last operation asked for (for the history)
    QString m_smokeContainer;
    quint64 m_stoppingId = 0; // the operation being cancelled or taken over
    Operation m_takeOver = Operation::None; // what starts once it has stopped (None: cancel)
    std::shared_ptr<std::atomic<bool>> m_workerActive; // the current worker still runs
    BlueGreenStatus m_status;
    KubeBackgroundTask m_task;
};

} // namespace pw::core
