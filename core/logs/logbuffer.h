#pragma once

#include "logsource.h"

#include "core/run/outputchunk.h"

#include <QList>

namespace pw::core {

// A log held in memory while a step runs: feed it RunEngine::stepOutput chunks (or raw
// bytes); each line is stamped with the time its first byte arrived. Bytes live in 1 MiB
// blocks so appends never copy old data and search workers can share a snapshot. For a
// finished run prefer LogFileSource, which keeps nothing but the index in memory.
class LogBuffer : public LogSource
{
    Q_OBJECT

public:
    explicit LogBuffer(QObject *parent = nullptr);
    ~LogBuffer() override;

    // The run's start (ms since the epoch); default: the time of the first append.
    void setStartTime(qint64 msSinceEpoch);
    // timeMs < 0 means now.
    void append(QByteArrayView data, OutputStream stream = OutputStream::Stdout,
                qint64 timeMs = -1);
    void appendChunks(const OutputChunks &chunks);
    // The step ended; `failed` opens the groups it ended in.
    void finish(bool failed);

    std::unique_ptr<LogByteReader> createReader() const override;

protected:
    qint64 readAt(qint64 offset, char *buffer, qint64 size) const override;

private:
    static constexpr qint64 BlockSize = 1 << 20;
    QList<QByteArray> m_blocks;
};

} // namespace pw::core
