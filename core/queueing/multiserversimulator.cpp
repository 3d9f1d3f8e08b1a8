#include "multiserversimulator.h"

#include "core/queueing/randomstream.h"
#include "core/queueing/simulationconfig.h"
#include "core/queueing/simulationrecorder.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

namespace pw::core {

SimulationResult MultiServerSimulator::run(const SimulationConfig &config,
                                           const SimulationControl &control)
{
    RandomStream arrivals(config.seed, 0);
    RandomStream services(config.seed, 1);
    SimulationRecorder recorder(config);
    OccupancyTracker occupancy(config.servers);
    std::priority_queue<double, std::vector<double>, std::greater<>> freeAt(
        std::greater<>(), std::vector<double>(size_t(config.servers), 0.0));
    double time = 0.0;
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
        if (i > 0)
            time += config.interArrival.sample(arrivals);
        const double service = config.service.sample(services);
        const double start = std::max(time, freeAt.top());
        freeAt.pop();
        freeAt.push(start + service);
        occupancy.advanceTo(time);
        occupancy.add(time, start, start + service);
        recorder.arrival(i, time, occupancy.integrals(), occupancy.inSystem());
        recorder.admitted(i, start - time, service);
    }
    SimulationResult result = recorder.finish(time, occupancy.integrals(), i, 2 * i);
    result.engine = QStringLiteral("heap");
    result.cancelled = cancelled;
    return result;
}

} // namespace pw::core
