#pragma once

namespace pw::core {

class StepRunnerRegistry;

// Adds the Docker step kinds to `registry`: docker-build, docker-push, docker-run (whose
// service containers are removed when the run ends) and `run` steps in a stage with an image.
void addDockerSteps(StepRunnerRegistry &registry);

} // namespace pw::core
