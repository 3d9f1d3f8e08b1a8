#pragma once

#include "bluegreencontroller.h"
#include "bluegreenlifecycle.h"

#include "core/run/steprunner.h"
#include "core/kube/kubebackgroundtask.h"
#include "core/kube/kubesteptarget.h"
#include "core/pipeline/pipeline.h"
#include "core/store/runstore.h"

#include <QPointer>
#include <QProcessEnvironment>

namespace pw::core {

// Runs a `bluegreen` step: resolves the environment's cluster off this thread, then runs the
// whole BlueGreenLifecycle — deploy the image to the idle colour, promote (checks, switch),
// verify the window (a failed check switches back and fails the step), and end once the
// previous colour is scaled down after its delay — and only relays its lines and its end.
// With manual promotion it succeeds with the idle colour ready and traffic unchanged, for a
// person to promote. A cancel switches back a switch not yet verified. Created by the stage
// execution, one per attempt.
class BlueGreenStepRunner : public StepRunner
{
    Q_OBJECT

public:
    // `actor` goes into the Service's switched-by annotation.
    BlueGreenStepRunner(EnvironmentSpec environment, QString image, QString commit,
                        bool promote, KubeStepTarget target, QString baseDir, QString actor,
                        QObject *parent = nullptr);
    // From the step's fields (`image`, `promote`), the environment it names, the run's
    // workspace (where `manifests` are read) and environment (KUBECONFIG, PW_COMMIT,
    // PW_RUN_ID).
    static BlueGreenStepRunner *fromStep(const StepSpec &step,
                                         const EnvironmentSpec &environment,
                                         const QString &workspace,
                                         const QProcessEnvironment &env,
                                         QObject *parent = nullptr);

    // Each deploy, switch and scale-down is appended to the environment's history in `store`
    // (may be null), as done by run `runId`.
    void setHistory(RunStore *store, qint64 runId)
    {
        m_store = store;
        m_runId = runId;
    }

    void start() override;
    void cancel() override;

private:
    void onConnected(const KubeConnection &connection);
    void finish(bool ok, const QString &message);
    void say(OutputStream stream, const QString &line);

    EnvironmentSpec m_environment;
    QString m_image;
    QString m_commit;
    bool m_promote;
    KubeStepTarget m_target;
    QString m_baseDir;
    QString m_actor;
    QPointer<BlueGreenController> m_controller;
    QPointer<BlueGreenLifecycle> m_lifecycle;
    RunStore *m_store = nullptr;
    qint64 m_runId = 0;
    bool m_done = false;
    KubeBackgroundTask m_task;
};

} // namespace pw::core
