#pragma once

#include "core/queueing/simulationconfig.h"
#include "core/queueing/simulationcontrol.h"
#include "core/queueing/simulationresult.h"

namespace pw::core {

// Entry point of the discrete-event simulation: validates a config and hands it to the
// cheapest engine that is exact for it. Synchronous; SimulationRunner runs it on a thread.
class QueueSimulator
{
public:
    static SimulationResult run(const SimulationConfig &config,
                                const SimulationControl &control = {});
};

} // namespace pw::core
