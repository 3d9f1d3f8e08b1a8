#include "kubesteptarget.h"

#include "kubeconfig.h"
#include "kubeconnection.h"

namespace pw::core {

KubeStepTarget KubeStepTarget::fromEnvironment(const QString &context, const QString &ns,
                                               const QProcessEnvironment &env)
{
    KubeStepTarget t{context, ns, {}};
    const QString list = env.value(QStringLiteral("KUBECONFIG"));
    for (const QString &p : list.split(u':', Qt::SkipEmptyParts)) {
        if (!t.kubeconfigPaths.contains(p))
            t.kubeconfigPaths.append(p);
    }
    return t;
}

bool KubeStepTarget::resolve(KubeConnection *out, QStringList *warnings, QString *error) const
{
    KubeConfig config;
    if (!config.load(kubeconfigPaths.isEmpty() ? KubeConfig::defaultPaths() : kubeconfigPaths)) {
        *error = config.errorString();
        return false;
    }
    auto c = KubeConnection::resolve(config, context, error);
    if (!c)
        return false;
    if (!kubeNamespace.isEmpty())
        c->setNamespace(kubeNamespace);
    *warnings = c->warnings();
    *out = *c;
    return true;
}

} // namespace pw::core
