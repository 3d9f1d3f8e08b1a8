#pragma once

#include "core/run/steprunnerregistry.h"

namespace pw::core {

// Every step kind this build runs: the engine's own (run, gate), Docker's, Kubernetes' and
// the deploy kinds. The GUI, the CLI and the tests hand it to their RunEngine.
StepRunnerRegistry builtinStepRunners();

} // namespace pw::core
