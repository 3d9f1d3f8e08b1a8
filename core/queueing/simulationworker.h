#pragma once

#include "core/queueing/simulationconfig.h"
#include "core/queueing/simulationresult.h"

#include <QObject>

#include <atomic>

namespace pw::core {

// Runs simulations on the thread it lives on (SimulationRunner's worker thread). Jobs are
// numbered; one that is no longer the latest when it starts is skipped, and the shared cancel
// flag stops the one running.
class SimulationWorker : public QObject
{
    Q_OBJECT

public:
    SimulationWorker(const std::atomic<quint64> *latest, std::atomic<bool> *cancel);

    void run(quint64 job, const SimulationConfig &config);

signals:
    void progress(quint64 job, double fraction);
    void finished(quint64 job, const pw::core::SimulationResult &result);

private:
    const std::atomic<quint64> *m_latest;
    std::atomic<bool> *m_cancel;
};

} // namespace pw::core
