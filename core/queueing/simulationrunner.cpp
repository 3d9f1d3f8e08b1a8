#include "simulationrunner.h"

#include "core/queueing/simulationworker.h"

namespace pw::core {

SimulationRunner::SimulationRunner(QObject *parent)
    : QObject(parent)
    , m_worker(new SimulationWorker(&m_latest, &m_cancel))
{
    qRegisterMetaType<pw::core::SimulationResult>();
    m_thread.setObjectName(QStringLiteral("simulation"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SimulationWorker::progress, this, &SimulationRunner::onProgress);
    connect(m_worker, &SimulationWorker::finished, this, &SimulationRunner::onFinished);
    m_thread.start();
}

SimulationRunner::~SimulationRunner()
{
    m_cancel.store(true);
    m_latest.store(m_latest.load() + 1); // queued jobs skip themselves
    m_thread.quit();
    m_thread.wait();
}

void SimulationRunner::start(const SimulationConfig &config)
{
    const quint64 job = m_latest.load() + 1;
    m_latest.store(job);
    m_cancel.store(true); // stop the running job, if any; the new one clears the flag
    m_running = true;
    SimulationWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, job, config] { worker->run(job, config); });
}

void SimulationRunner::cancel()
{
    if (!m_running)
        return;
    m_latest.store(m_latest.load() + 1);
    m_cancel.store(true);
    m_running = false;
    emit cancelled();
}

void SimulationRunner::onProgress(quint64 job, double fraction)
{
    if (job == m_latest.load())
        emit progress(fraction);
}

void SimulationRunner::onFinished(quint64 job, const SimulationResult &result)
{
    if (job != m_latest.load())
        return;
    m_running = false;
    if (result.cancelled)
        emit cancelled();
    else
        emit finished(result);
}

} // namespace pw::core
