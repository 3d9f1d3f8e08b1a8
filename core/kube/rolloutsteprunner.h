#pragma once

#include "kubebackgroundtask.h"
#include "kubeconnection.h"
#include "kubesteptarget.h"
#include "rolloutstatus.h"

#include "core/run/steprunner.h"

#include <QPointer>
#include <QTimer>

namespace pw::core {

class KubeWatch;
struct StepSpec;

// Runs a `rollout` step: watches one Deployment (list + watch by name, as kubectl does) and
// applies RolloutStatus to each version until done, failed (ProgressDeadlineExceeded,
// deleted) or the timeout; on failure the pods' and events' reasons go to the log.
// Created by the stage execution, one per attempt.
class RolloutStepRunner : public StepRunner
{
    Q_OBJECT

public:
    // timeoutMs 0 = wait until the progress deadline or the step's own timeout.
    RolloutStepRunner(QString deployment, KubeStepTarget target, qint64 timeoutMs,
                      QObject *parent = nullptr);
    static RolloutStepRunner *fromStep(const StepSpec &step, const QProcessEnvironment &env,
                                       QObject *parent = nullptr);

    void start() override;
    void cancel() override;

private:
    void onConnected(const KubeConnection &connection);
    void onDeployment(const QJsonObject &deployment);
    void failWithDiagnostics(const QString &message);
    void finish(bool ok, const QString &message);
    void say(OutputStream stream, const QString &line);

    QString m_deployment;
    KubeStepTarget m_target;
    qint64 m_timeoutMs;
    KubeConnection m_connection;
    QPointer<KubeWatch> m_watch;
    QTimer m_timer;
    QString m_lastMessage;
    bool m_failing = false;
    bool m_done = false;
    KubeBackgroundTask m_task;
};

} // namespace pw::core
