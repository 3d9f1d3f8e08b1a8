#include "deploysteps.h"

#include "bluegreensteprunner.h"

#include "core/run/steprunnerregistry.h"

namespace pw::core {

void addDeploySteps(StepRunnerRegistry &registry)
{
    registry.add(QStringLiteral("bluegreen"), [](const StepContext &c, QObject *parent,
                                                 QString *error) -> StepRunner * {
        StepSpec step = c.step;
        step.params = c.expandedParams();
        const QString name = step.param(QStringLiteral("environment"));
        for (const EnvironmentSpec &environment : c.environments) {
            if (environment.name != name)
                continue;
            auto *runner = BlueGreenStepRunner::fromStep(step, environment, c.workspace, c.env,
                                                         parent);
            // The environment's switch history goes into the run store, tied to this run.
            runner->setHistory(c.store, c.runId);
            return runner;
        }
        *error = QStringLiteral("environment '%1' is not defined in the pipeline").arg(name);
        return nullptr;
    });
}

} // namespace pw::core
