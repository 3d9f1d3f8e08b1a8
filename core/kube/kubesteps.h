#pragma once

namespace pw::core {

class StepRunnerRegistry;

// Adds the Kubernetes step kinds to `registry`: kube-apply and rollout.
void addKubeSteps(StepRunnerRegistry &registry);

} // namespace pw::core
