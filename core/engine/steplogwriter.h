#pragma once

#include "core/run/runstatus.h"

#include <QByteArray>
#include <QFile>
#include <QString>

namespace pw::core {

// Writes one step's log: FILE holds the bytes exactly as printed (colours included, secrets
// already masked), FILE.idx a compact record per line. The index starts with a 16-byte
// header ("PWLX", u32 version 1, i64 start time in ms since the epoch), then 12 bytes per
// line, little-endian: u64 = byte offset of the line in FILE | stream << 62, u32 = ms since
// the start. Both files are only appended to. Owned by the stage running the step.
// The files (and their directory) are created with the first byte, not by open(): a step
// that prints nothing leaves none, and readers take a missing log as empty. Each new inode
// costs ext4 a search of its inode table, a large share of the engine's time on short steps.
class StepLogWriter
{
public:
    static constexpr int IndexHeaderSize = 16;
    static constexpr int IndexRecordSize = 12;

    StepLogWriter() = default;
    ~StepLogWriter();
    StepLogWriter(const StepLogWriter &) = delete;
    StepLogWriter &operator=(const StepLogWriter &) = delete;

    // Starts a log at path (its timestamps count from now); creates nothing yet.
    bool open(const QString &path);
    bool isOpen() const { return m_log.isOpen(); } // the files exist
    // False when the disk refused the bytes; errorString() says why ("No space left...").
    bool append(OutputStream stream, const QByteArray &data);
    bool flush();
    void close();
    QString path() const { return m_path; }
    qint64 size() const { return m_offset; }
    QString errorString() const { return m_error; }

private:
    bool create();
    bool fail(const QFile &file);

    QString m_path;
    QFile m_log;
    QFile m_index;
    qint64 m_startMs = 0;
    qint64 m_offset = 0;
    bool m_atLineStart = true;
    QByteArray m_records;
    QString m_error;
};

} // namespace pw::core
