#include "lindleysimulator.h"

#include "core/queueing/randomstream.h"
#include "core/queueing/simulationconfig.h"
#include "core/queueing/simulationrecorder.h"

#include <algorithm>

namespace pw::core {

SimulationResult LindleySimulator::run(const SimulationConfig &config,
                                       const SimulationControl &control)
{
    RandomStream arrivals(config.seed, 0);
    RandomStream services(config.seed, 1);
    SimulationRecorder recorder(config);
    OccupancyTracker occupancy(1);
    double time = 0.0;
    double wait = 0.0;
    double previousService = 0.0;
    qint64 i = 0;
    bool cancelled = false;
    for (; i < config.customers; ++i) {
        if ((i & 0xffff) == 0 && i > 0) {
            if (control.cancelled()) {
                cancelled = true;
                break;
            }
            if (control.progress)
                control.progress(double(i) / double(config.customers));
        }
        if (i > 0) {
            const double gap = config.interArrival.sample(arrivals);
            time += gap;
            wait = std::max(0.0, wait + previousService - gap);
        }
        const double service = config.service.sample(services);
        occupancy.advanceTo(time);
        occupancy.add(time, time + wait, time + wait + service);
        recorder.arrival(i, time, occupancy.integrals(), occupancy.inSystem());
        recorder.admitted(i, wait, service);
        previousService = service;
    }
    SimulationResult result = recorder.finish(time, occupancy.integrals(), i, 2 * i);
    result.engine = QStringLiteral("lindley");
    result.cancelled = cancelled;
    return result;
}

double LindleySimulator::meanWaitMM1(double lambda, double mu, qint64 customers, quint64 seed)
{
    RandomStream arrivals(seed, 0);
    RandomStream services(seed, 1);
    const double meanGap = 1.0 / lambda;
    const double meanService = 1.0 / mu;
    double wait = 0.0;
    double sum = 0.0;
    for (qint64 i = 1; i < customers; ++i) {
        wait = std::max(0.0, wait + services.exponential(meanService)
                                 - arrivals.exponential(meanGap));
        sum += wait;
    }
    return sum / double(customers);
}

} // namespace pw::core
