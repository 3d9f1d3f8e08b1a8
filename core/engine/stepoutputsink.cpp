#include "stepoutputsink.h"

namespace pw::core {

StepOutputSink::StepOutputSink(const QList<QByteArray> &secrets, int batchMs, QObject *parent)
    : QObject(parent)
    , m_maskers{SecretMasker(secrets), SecretMasker(secrets), SecretMasker(secrets)}
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(batchMs);
    connect(&m_timer, &QTimer::timeout, this, &StepOutputSink::flushBatch);
}

bool StepOutputSink::open(const QString &logPath)
{
    m_failed = !m_log.open(logPath);
    return !m_failed;
}

bool StepOutputSink::write(OutputStream stream, const QByteArray &data)
{
    return deliver(stream, m_maskers[int(stream)].process(data));
}

bool StepOutputSink::deliver(OutputStream stream, const QByteArray &masked)
{
    if (masked.isEmpty())
        return !m_failed;
    if (!m_failed && !m_log.append(stream, masked))
        m_failed = true;
    if (!m_batch.isEmpty() && m_batch.last().stream == stream)
        m_batch.last().data.append(masked);
    else
        m_batch.append(OutputChunk{stream, masked});
    m_batchBytes += masked.size();
    if (m_batchBytes >= MaxBatchBytes)
        flushBatch();
    else if (!m_timer.isActive())
        m_timer.start();
    return !m_failed;
}

void StepOutputSink::flushBatch()
{
    m_timer.stop();
    // The file is flushed with each batch: what the GUI shows is on disk too.
    if (!m_failed && !m_log.flush())
        m_failed = true;
    if (m_batch.isEmpty())
        return;
    const OutputChunks batch = std::exchange(m_batch, {});
    m_batchBytes = 0;
    emit batchReady(batch);
}

bool StepOutputSink::finishAttempt()
{
    for (int s = 0; s < 3; ++s)
        deliver(OutputStream(s), m_maskers[s].finish());
    flushBatch();
    return !m_failed;
}

void StepOutputSink::close()
{
    finishAttempt();
    m_log.close();
}

} // namespace pw::core
