#include "simulationrecorder.h"

#include <cmath>

namespace pw::core {

namespace {

// Two-sided 95% quantiles of Student's t for 1…30 degrees of freedom.
constexpr double tQuantiles[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};

double tQuantile(qint64 degreesOfFreedom)
{
    if (degreesOfFreedom >= 1 && degreesOfFreedom <= 30)
        return tQuantiles[degreesOfFreedom - 1];
    return 1.96 + 2.4 / double(degreesOfFreedom); // within 0.5% of the table's tail
}

Estimate batchEstimate(const std::vector<double> &values)
{
    Estimate e;
    if (values.size() < 2)
        return e;
    const double k = double(values.size());
    double sum = 0.0;
    for (double v : values)
        sum += v;
    e.mean = sum / k;
    double ss = 0.0;
    for (double v : values)
        ss += (v - e.mean) * (v - e.mean);
    e.halfWidth = tQuantile(qint64(values.size()) - 1) * std::sqrt(ss / (k - 1.0) / k);
    return e;
}

} // namespace

SimulationRecorder::SimulationRecorder(const SimulationConfig &config)
    : m_config(config)
    , m_warmup(config.effectiveWarmup())
    , m_batchCount(config.batches)
    , m_batchSize((config.customers - m_warmup) / config.batches)
    , m_batches(size_t(config.batches))
{
    if (config.seriesPoints > 0)
        m_seriesStride = std::max<qint64>(1, config.customers / config.seriesPoints);
    if (config.waitSamples > 0)
        m_waitStride = std::max<qint64>(1, (config.customers - m_warmup) / config.waitSamples);
    m_result.seriesTime.reserve(size_t(config.seriesPoints) + 1);
    m_result.seriesCount.reserve(size_t(config.seriesPoints) + 1);
}

void SimulationRecorder::startBatch(size_t b, double time, const Integrals &integrals)
{
    m_batches[b].startTime = time;
    m_batches[b].start = integrals;
    m_batches[b].started = true;
}

SimulationResult SimulationRecorder::finish(double time, const Integrals &integrals,
                                            qint64 arrivals, qint64 events)
{
    SimulationResult result = std::move(m_result);
    result.arrivals = arrivals;
    result.events = events;
    result.simulatedTime = time;
    std::vector<double> rho, l, lq, w, wq, p0, pwait, pblock, lambdaEff;
    for (size_t b = 0; b < m_batches.size(); ++b) {
        const Batch &batch = m_batches[b];
        if (!batch.started)
            break; // cancelled before this batch
        const bool last = b + 1 == m_batches.size() || !m_batches[b + 1].started;
        const double endTime = last ? time : m_batches[b + 1].startTime;
        const Integrals &end = last ? integrals : m_batches[b + 1].start;
        const double span = endTime - batch.startTime;
        if (!(span > 0.0) || batch.admitted == 0)
            continue;
        const double c = m_config.servers;
        rho.push_back((end.busy - batch.start.busy) / (c * span));
        l.push_back((end.system - batch.start.system) / span);
        lq.push_back((end.queue - batch.start.queue) / span);
        p0.push_back((end.empty - batch.start.empty) / span);
        w.push_back(batch.sojourn / double(batch.admitted));
        wq.push_back(batch.wait / double(batch.admitted));
        pwait.push_back(double(batch.waited) / double(batch.admitted));
        pblock.push_back(double(batch.blocked) / double(batch.admitted + batch.blocked));
        lambdaEff.push_back(double(batch.admitted) / span);
    }
    result.rho = batchEstimate(rho);
    result.L = batchEstimate(l);
    result.Lq = batchEstimate(lq);
    result.W = batchEstimate(w);
    result.Wq = batchEstimate(wq);
    result.P0 = batchEstimate(p0);
    result.Pwait = batchEstimate(pwait);
    result.Pblock = batchEstimate(pblock);
    result.lambdaEff = batchEstimate(lambdaEff);
    return result;
}

} // namespace pw::core
