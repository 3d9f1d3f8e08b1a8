#pragma once

#include "core/queueing/simulationcontrol.h"
#include "core/queueing/simulationresult.h"

namespace pw::core {

struct SimulationConfig;

// FIFO G/G/1 by Lindley's recursion, Wq(n+1) = max(0, Wq(n) + S(n) − A(n+1)): O(1) per
// customer and no event list. The time averages come from an OccupancyTracker.
class LindleySimulator
{
public:
    static SimulationResult run(const SimulationConfig &config,
                                const SimulationControl &control = {});
    // The bare recursion, for benchmarks: the mean wait of n M/M/1 customers.
    static double meanWaitMM1(double lambda, double mu, qint64 customers, quint64 seed);
};

} // namespace pw::core
