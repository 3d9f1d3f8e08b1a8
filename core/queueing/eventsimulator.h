#pragma once

#include "core/queueing/simulationcontrol.h"
#include "core/queueing/simulationresult.h"

namespace pw::core {

struct SimulationConfig;

// Event-driven FIFO G/G/c/K: a heap of (time, sequence) events so ties break the same way on
// every run; arrivals that find K customers are turned away. Needed wherever the future of a
// customer depends on others arriving later (blocking); also runs unlimited queues.
class EventSimulator
{
public:
    static SimulationResult run(const SimulationConfig &config,
                                const SimulationControl &control = {});
};

} // namespace pw::core
