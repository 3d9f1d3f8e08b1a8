#include "kubesteps.h"

#include "kubeapplysteprunner.h"
#include "rolloutsteprunner.h"

#include "core/run/steprunnerregistry.h"

namespace pw::core {

namespace {

StepSpec expanded(const StepContext &c)
{
    StepSpec step = c.step;
    step.params = c.expandedParams();
    return step;
}

} // namespace

void addKubeSteps(StepRunnerRegistry &registry)
{
    registry.add(QStringLiteral("kube-apply"),
                 [](const StepContext &c, QObject *parent, QString *) -> StepRunner * {
                     return KubeApplyStepRunner::fromStep(expanded(c), c.workspace, c.env,
                                                          parent);
                 });
    registry.add(QStringLiteral("rollout"),
                 [](const StepContext &c, QObject *parent, QString *) -> StepRunner * {
                     return RolloutStepRunner::fromStep(expanded(c), c.env, parent);
                 });
}

} // namespace pw::core
