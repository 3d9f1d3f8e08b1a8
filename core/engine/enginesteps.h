#pragma once

namespace pw::core {

class StepRunnerRegistry;

// Adds the step kinds the engine runs itself to `registry`: `run` (a shell on this machine)
// and `gate` (metric thresholds over a JSON file of the workspace).
void addEngineSteps(StepRunnerRegistry &registry);

} // namespace pw::core
