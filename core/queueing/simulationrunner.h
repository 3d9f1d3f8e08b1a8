#pragma once

#include "core/queueing/simulationconfig.h"
#include "core/queueing/simulationresult.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace pw::core {

class SimulationWorker;

// Runs simulations off the caller's thread, one at a time: start() cancels whatever is
// running and queues the new config; only the latest job reports progress and its result.
// Owned by whoever shows the results (the simulator view, a CLI).
class SimulationRunner : public QObject
{
    Q_OBJECT

public:
    explicit SimulationRunner(QObject *parent = nullptr);
    ~SimulationRunner() override;

    void start(const SimulationConfig &config);
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void progress(double fraction);
    void finished(const pw::core::SimulationResult &result);
    // A cancelled job ends with this instead of finished().
    void cancelled();

private:
    void onProgress(quint64 job, double fraction);
    void onFinished(quint64 job, const SimulationResult &result);

    QThread m_thread;
    SimulationWorker *m_worker = nullptr;
    std::atomic<quint64> m_latest{0};
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
};

} // namespace pw::core
