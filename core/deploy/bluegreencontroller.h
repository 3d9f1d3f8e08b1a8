#pragma once

#include "bluegreenstatus.h"

#include "core/kube/kubebackgroundtask.h"
#include "core/kube/kubeconnection.h"
#include "core/pipeline/pipeline.h"

#include <QObject>
#include <QString>

#include <functional>

namespace pw::core {

// Blue/green for one environment at a time, with all state in the cluster: two Deployments
// `<app>-blue` and `<app>-green` labelled app/colour/commit, and the Service whose selector
// {app, colour} picks the live one (annotated with who switched, when, which commit). So a
// new controller (an app restart) reads exactly where things stand. Every operation runs on
// a worker thread and ends with finished(); one operation at a time per controller, and the
// switch itself is guarded by the Service's resourceVersion against other controllers.
// Owned by whoever drives the environment (the bluegreen step runner, the GUI panel).
class BlueGreenController : public QObject
{
    Q_OBJECT

public:
    enum class Operation { None, Status, DeployToIdle, Promote, Rollback };
    Q_ENUM(Operation)

    explicit BlueGreenController(KubeConnection connection, QObject *parent = nullptr);
    ~BlueGreenController() override;

    // Recorded in the Service's switched-by annotation (default: $USER, else "pipewright").
    void setActor(const QString &actor) { m_actor = actor; }
    // Where an environment's `manifests` are read from (the pipeline file's folder).
    void setBaseDir(const QString &dir) { m_baseDir = dir; }
    // How long deployToIdle waits for the rollout (default 5 minutes).
    void setRolloutTimeoutMs(qint64 ms) { m_rolloutTimeoutMs = ms; }

    // Each returns at once; finished() follows, also when refused (busy, hand edits).
    void status(const EnvironmentSpec &env);
    // Applies the idle colour's Deployment with `image` and waits for its rollout; points
    // the preview Service (if any) at it.
    void deployToIdle(const EnvironmentSpec &env, const QString &image, const QString &commit);
    // Switches the Service to the idle colour if its rollout is complete and all replicas
    // are ready. `basisResourceVersion`: the Service version the caller decided on (e.g.
    // what the GUI showed); empty = the one read now. Someone else's switch in between makes
    // the PATCH fail with 409 and the promote is refused.
    void promote(const EnvironmentSpec &env, const QString &basisResourceVersion = {});
    // Switches the Service back to the other colour, under the same guards.
    void rollback(const EnvironmentSpec &env, const QString &basisResourceVersion = {});
    void cancel();

    // What an operation's worker hands back to the controller's thread.
    struct Outcome
    {
        bool ok = false;
        QString message;
        BlueGreenStatus status;
    };

    bool isBusy() const { return m_operation != Operation::None; }
    // As of the last finished operation.
    BlueGreenStatus lastStatus() const { return m_status; }

signals:
    void progress(const QString &message);
    // lastStatus() then holds the cluster as read at the end of the operation.
    void finished(pw::core::BlueGreenController::Operation operation, bool ok,
                  const QString &message);

private:
    using Work = std::function<Outcome(const KubeBackgroundTask::Handle &)>;
    void run(Operation operation, Work work);

    KubeConnection m_connection;
    QString m_actor;
    QString m_baseDir;
    qint64 m_rolloutTimeoutMs = 5 * 60 * 1000;
    Operation m_operation = Operation::None;
    BlueGreenStatus m_status;
    KubeBackgroundTask m_task;
};

} // namespace pw::core
