#pragma once

namespace pw::core {

class StepRunnerRegistry;

// Adds the deploy step kinds to `registry`: bluegreen, for an environment of the pipeline.
void addDeploySteps(StepRunnerRegistry &registry);

} // namespace pw::core
