#include "queuesimulator.h"

#include "core/queueing/eventsimulator.h"
#include "core/queueing/lindleysimulator.h"
#include "core/queueing/multiserversimulator.h"

namespace pw::core {

SimulationResult QueueSimulator::run(const SimulationConfig &config,
                                     const SimulationControl &control)
{
    SimulationResult result;
    result.error = config.validate();
    if (!result.error.isEmpty())
        return result;
    if (config.capacity > 0 || config.eventDriven)
        result = EventSimulator::run(config, control);
    else if (config.servers == 1)
        result = LindleySimulator::run(config, control);
    else
        result = MultiServerSimulator::run(config, control);
    if (control.progress && !result.cancelled)
        control.progress(1.0);
    return result;
}

} // namespace pw::core
