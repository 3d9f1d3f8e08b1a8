#pragma once

#include "kubebackgroundtask.h"
#include "kubesteptarget.h"

#include "core/run/steprunner.h"

#include <QMap>
#include <QStringList>

namespace pw::core {

struct StepSpec;

// Runs a `kube-apply` step: reads the manifests (files or folders), sets images from the
// structured `images` field, and server-side applies every object (fieldManager pipewright,
// force only when the step says so), printing kubectl-like lines. The HTTP runs on a worker
// thread. Created by the stage execution, one per attempt.
class KubeApplyStepRunner : public StepRunner
{
    Q_OBJECT

public:
    KubeApplyStepRunner(QStringList manifests, QString baseDir, KubeStepTarget target,
                        bool force, QMap<QString, QString> images = {},
                        QObject *parent = nullptr);
    // From a step's fields: manifests, context, namespace, force and, when present,
    // images (container name or "*" → image). Relative paths resolve against `workspace`.
    static KubeApplyStepRunner *fromStep(const StepSpec &step, const QString &workspace,
                                         const QProcessEnvironment &env,
                                         QObject *parent = nullptr);

    void start() override;
    void cancel() override;

private:
    void finish(bool ok, const QString &message);

    QStringList m_manifests;
    QString m_baseDir;
    KubeStepTarget m_target;
    bool m_force;
    QMap<QString, QString> m_images;
    bool m_done = false;
    KubeBackgroundTask m_task;
};

} // namespace pw::core
