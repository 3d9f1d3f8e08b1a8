#include "simulationworker.h"

#include "core/queueing/queuesimulator.h"

namespace pw::core {

SimulationWorker::SimulationWorker(const std::atomic<quint64> *latest,
                                   std::atomic<bool> *cancel)
    : m_latest(latest)
    , m_cancel(cancel)
{}

void SimulationWorker::run(quint64 job, const SimulationConfig &config)
{
    if (job != m_latest->load())
        return; // superseded while queued
    m_cancel->store(false);
    SimulationControl control;
    control.cancel = m_cancel;
    control.progress = [this, job](double fraction) { emit progress(job, fraction); };
    const SimulationResult result = QueueSimulator::run(config, control);
    emit finished(job, result);
}

} // namespace pw::core
