#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace pw::core {

class KubeConfig;
class KubeConnection;

// Which cluster a kube step talks to: a kubeconfig context and namespace (both optional)
// and the kubeconfig files (empty = $KUBECONFIG of the run's environment, else
// ~/.kube/config). resolve() blocks (files, exec plugins): call it on a worker thread.
struct KubeStepTarget
{
    QString context;
    QString kubeNamespace;
    QStringList kubeconfigPaths;

    // The run's environment decides KUBECONFIG, so a pipeline's env can point at a cluster.
    static KubeStepTarget fromEnvironment(const QString &context, const QString &ns,
                                          const QProcessEnvironment &env);
    bool resolve(KubeConnection *out, QStringList *warnings, QString *error) const;
};

} // namespace pw::core
