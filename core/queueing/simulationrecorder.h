#pragma once

#include "core/queueing/occupancytracker.h"
#include "core/queueing/simulationconfig.h"
#include "core/queueing/simulationresult.h"

#include <vector>

namespace pw::core {

// Turns what an engine observes into a SimulationResult: drops the warm-up, splits the rest
// into batches by arrival number, and keeps a thinned queue-length series and wait sample.
// Owned by one engine run; engines call it in arrival order.
class SimulationRecorder
{
public:
    using Integrals = OccupancyTracker::Integrals;

    explicit SimulationRecorder(const SimulationConfig &config);

    // Arrival `index` at `time`; `integrals` run up to `time`; `inSystem` counts it if admitted.
    void arrival(qint64 index, double time, const Integrals &integrals, int inSystem)
    {
        if (index >= m_warmup && (index - m_warmup) % m_batchSize == 0) {
            const qint64 b = (index - m_warmup) / m_batchSize;
            if (b < m_batchCount)
                startBatch(size_t(b), time, integrals);
        }
        if (m_seriesStride > 0 && index % m_seriesStride == 0) {
            m_result.seriesTime.push_back(time);
            m_result.seriesCount.push_back(inSystem);
        }
    }
    // An admitted customer's wait and time in service.
    void admitted(qint64 index, double wait, double service)
    {
        if (index < m_warmup)
            return;
        Batch &b = m_batches[batchOf(index)];
        b.wait += wait;
        b.sojourn += wait + service;
        ++b.admitted;
        if (wait > 0.0) {
            ++b.waited;
            if (m_waitStride > 0 && ++m_waitedSeen % m_waitStride == 0)
                m_result.waitSamples.push_back(wait);
        } else if (m_waitStride > 0 && ++m_zeroSeen % m_waitStride == 0) {
            m_result.waitSamples.push_back(0.0);
        }
    }
    void blocked(qint64 index)
    {
        if (index >= m_warmup)
            ++m_batches[batchOf(index)].blocked;
    }

    // The figures, once the run ended at `time` with `integrals` after `arrivals` arrivals.
    SimulationResult finish(double time, const Integrals &integrals, qint64 arrivals,
                            qint64 events);

private:
    struct Batch
    {
        double startTime = 0.0;
        Integrals start;
        double wait = 0.0;
        double sojourn = 0.0;
        qint64 admitted = 0;
        qint64 waited = 0;
        qint64 blocked = 0;
        bool started = false;
    };
    size_t batchOf(qint64 index) const
    {
        const qint64 b = (index - m_warmup) / m_batchSize;
        return size_t(b < m_batchCount ? b : m_batchCount - 1);
    }
    void startBatch(size_t b, double time, const Integrals &integrals);

    const SimulationConfig &m_config;
    qint64 m_warmup;
    qint64 m_batchCount;
    qint64 m_batchSize;
    qint64 m_seriesStride = 0;
    qint64 m_waitStride = 0;
    qint64 m_waitedSeen = 0;
    qint64 m_zeroSeen = 0;
    std::vector<Batch> m_batches;
    SimulationResult m_result;
};

} // namespace pw::core
