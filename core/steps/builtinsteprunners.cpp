#include "builtinsteprunners.h"

#include "core/deploy/deploysteps.h"
#include "core/docker/dockersteps.h"
#include "core/engine/enginesteps.h"
#include "core/kube/kubesteps.h"

namespace pw::core {

StepRunnerRegistry builtinStepRunners()
{
    StepRunnerRegistry registry;
    addEngineSteps(registry);
    addDockerSteps(registry);
    addKubeSteps(registry);
    addDeploySteps(registry);
    return registry;
}

} // namespace pw::core
