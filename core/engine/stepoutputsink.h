#pragma once

#include "core/run/outputchunk.h"
#include "secretmasker.h"
#include "steplogwriter.h"

#include <QObject>
#include <QTimer>

namespace pw::core {

// Where a step's output goes: secrets masked (per stream, across reads), appended to the
// step's log file, and collected into batches delivered by batchReady() at most
// batchMs apart — one signal per batch, not per read, so a step printing a million lines a
// second cannot flood the GUI. Owned by the stage execution, one per step.
class StepOutputSink : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype MaxBatchBytes = 256 * 1024;

    StepOutputSink(const QList<QByteArray> &secrets, int batchMs, QObject *parent = nullptr);

    bool open(const QString &logPath);
    QString logPath() const { return m_log.path(); }
    // False once the log could not be written (disk full); errorString() says why.
    bool write(OutputStream stream, const QByteArray &data);
    // End of one attempt: releases what the maskers held back and delivers the batch now.
    bool finishAttempt();
    void close();
    QString errorString() const { return m_log.errorString(); }
    const SecretMasker &masker() const { return m_maskers[0]; }

signals:
    void batchReady(const pw::core::OutputChunks &chunks);

private:
    bool deliver(OutputStream stream, const QByteArray &masked);
    void flushBatch();

    SecretMasker m_maskers[3];
    StepLogWriter m_log;
    OutputChunks m_batch;
    qsizetype m_batchBytes = 0;
    QTimer m_timer;
    bool m_failed = false;
};

} // namespace pw::core
