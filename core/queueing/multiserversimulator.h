#pragma once

#include "core/queueing/simulationcontrol.h"
#include "core/queueing/simulationresult.h"

namespace pw::core {

struct SimulationConfig;

// FIFO G/G/c with unlimited room: a min-heap of the times the c servers become free. Each
// arrival starts at max(arrival, earliest free time): O(log c) per customer.
class MultiServerSimulator
{
public:
    static SimulationResult run(const SimulationConfig &config,
                                const SimulationControl &control = {});
};

} // namespace pw::core
