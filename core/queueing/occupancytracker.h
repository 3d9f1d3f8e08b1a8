#pragma once

#include <deque>
#include <functional>
#include <queue>
#include <vector>

namespace pw::core {

// Time integrals of the number in the system, in the queue, of busy servers and of the
// empty time, for the engines that compute each customer's start and departure up front
// (Lindley, server heap). FIFO keeps start times in order, so they queue in a deque;
// departures of several servers can overtake each other, so they sit in a min-heap.
class OccupancyTracker
{
public:
    struct Integrals
    {
        double system = 0.0;
        double queue = 0.0;
        double busy = 0.0;
        double empty = 0.0;
    };

    explicit OccupancyTracker(int servers)
        : m_singleServer(servers == 1)
    {}

    // Integrate up to `time` (a new arrival), applying the starts and departures before it.
    void advanceTo(double time)
    {
        for (;;) {
            const double start = m_starts.empty() ? time : m_starts.front();
            const double departure = nextDeparture(time);
            const double next = start < departure ? start : departure;
            if (next >= time)
                break;
            integrate(next);
            if (start <= departure) {
                m_starts.pop_front();
                --m_waiting;
            } else {
                popDeparture();
                --m_inSystem;
            }
        }
        integrate(time);
    }

    // A customer who arrived now (after advanceTo) and starts and leaves at these times.
    void add(double now, double start, double departure)
    {
        ++m_inSystem;
        if (start > now) {
            ++m_waiting;
            m_starts.push_back(start);
        }
        if (m_singleServer)
            m_departuresInOrder.push_back(departure);
        else
            m_departures.push(departure);
    }

    int inSystem() const { return m_inSystem; }
    const Integrals &integrals() const { return m_integrals; }

private:
    void integrate(double to)
    {
        const double dt = to - m_last;
        m_integrals.system += m_inSystem * dt;
        m_integrals.queue += m_waiting * dt;
        m_integrals.busy += (m_inSystem - m_waiting) * dt;
        if (m_inSystem == 0)
            m_integrals.empty += dt;
        m_last = to;
    }
    double nextDeparture(double otherwise) const
    {
        if (m_singleServer)
            return m_departuresInOrder.empty() ? otherwise : m_departuresInOrder.front();
        return m_departures.empty() ? otherwise : m_departures.top();
    }
    void popDeparture()
    {
        if (m_singleServer)
            m_departuresInOrder.pop_front();
        else
            m_departures.pop();
    }

    bool m_singleServer;
    int m_inSystem = 0;
    int m_waiting = 0;
    double m_last = 0.0;
    Integrals m_integrals;
    std::deque<double> m_starts;
    std::deque<double> m_departuresInOrder;
    std::priority_queue<double, std::vector<double>, std::greater<>> m_departures;
};

} // namespace pw::core
