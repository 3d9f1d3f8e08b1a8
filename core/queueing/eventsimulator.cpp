#include "eventsimulator.h"

#include "core/queueing/randomstream.h"
#include "core/queueing/simulationconfig.h"
#include "core/queueing/simulationrecorder.h"

#include <deque>
#include <queue>
#include <vector>

namespace pw::core {

namespace {

struct Event
{
    double time;
    quint64 sequence;
    qint64 customer; // −1: the next arrival; else the customer who departs
    double service;
    bool operator>(const Event &other) const
    {
        return time != other.time ? time > other.time : sequence > other.sequence;
    }
};

struct Waiting
{
    qint64 customer;
    double arrival;
};

} // namespace

SimulationResult EventSimulator::run(const SimulationConfig &config,
                                     const SimulationControl &control)
{
    RandomStream arrivals(config.seed, 0);
    RandomStream services(config.seed, 1);
    SimulationRecorder recorder(config);
    const int servers = config.servers;
    const qint64 capacity = config.capacity > 0 ? config.capacity : -1;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
    std::deque<Waiting> queue;
    OccupancyTracker::Integrals integrals;
    quint64 sequence = 0;
    qint64 inSystem = 0, busy = 0, arrived = 0, processed = 0;
    double now = 0.0;
    bool cancelled = false;

    auto integrate = [&](double to) {
        const double dt = to - now;
        integrals.system += double(inSystem) * dt;
        integrals.queue += double(inSystem - busy) * dt;
        integrals.busy += double(busy) * dt;
        if (inSystem == 0)
            integrals.empty += dt;
        now = to;
    };
    auto startService = [&](qint64 customer, double arrival) {
        const double service = config.service.sample(services);
        ++busy;
        events.push({now + service, sequence++, customer, service});
        recorder.admitted(customer, now - arrival, service);
    };

    events.push({0.0, sequence++, -1, 0.0});
    while (!events.empty()) {
        const Event e = events.top();
        events.pop();
        integrate(e.time);
        ++processed;
        if (e.customer >= 0) { // departure: the server takes the next in line, if any
            --inSystem;
            --busy;
            if (!queue.empty()) {
                const Waiting next = queue.front();
                queue.pop_front();
                startService(next.customer, next.arrival);
            }
            continue;
        }
        const qint64 customer = arrived++;
        if ((customer & 0xffff) == 0 && customer > 0) {
            if (control.cancelled()) {
                cancelled = true;
                break;
            }
            if (control.progress)
                control.progress(double(customer) / double(config.customers));
        }
        if (capacity >= 0 && inSystem >= capacity) {
            recorder.blocked(customer);
        } else {
            ++inSystem;
            if (busy < servers)
                startService(customer, now);
            else
                queue.push_back({customer, now});
        }
        recorder.arrival(customer, now, integrals, int(inSystem));
        if (arrived >= config.customers)
            break; // the run ends at the last arrival, as in the other engines
        events.push({now + config.interArrival.sample(arrivals), sequence++, -1, 0.0});
    }
    SimulationResult result = recorder.finish(now, integrals, arrived, qint64(processed));
    result.engine = QStringLiteral("event");
    result.cancelled = cancelled;
    return result;
}

} // namespace pw::core
