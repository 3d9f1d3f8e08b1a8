#pragma once

#include "logfilereader.h"
#include "logsource.h"

#include <QByteArray>
#include <QFile>
#include <QTimer>

namespace pw::core {

// A log read from disk: a finished step's log, or one still being written (follow). The
// index is built in slices on the event loop so the first screen paints at once and the GUI
// never waits on a multi-gigabyte file; a StepLogWriter FILE.idx next to it supplies line
// times and streams. With follow on, growth is picked up, and a truncated or replaced
// (rotated) file is re-read from the start (reset()). A deleted file stays readable.
class LogFileSource : public LogSource
{
    Q_OBJECT

public:
    explicit LogFileSource(QObject *parent = nullptr);
    ~LogFileSource() override;

    // Opens the file and starts indexing on the event loop. False (see errorString()) when
    // it cannot be opened.
    bool open(const QString &path);
    // Indexes everything now (CLI, tests, benchmarks).
    void indexAll();
    bool isIndexing() const { return m_sliceTimer.isActive(); }
    // Watch for growth/truncation/rotation (polling; inotify misses NFS and bind mounts).
    void setFollow(bool follow, int intervalMs = 250);
    // Re-examines the file now (what the follow timer does).
    void poll();
    // Marks the log complete (e.g. when the engine reports the step finished).
    void finish(bool failed);
    QString errorString() const { return m_reader.errorString(); }
    QString filePath() const override { return m_reader.path(); }
    bool fileRemoved() const { return m_removed; }

    std::unique_ptr<LogByteReader> createReader() const override;

signals:
    void indexingFinished();
    void fileRemovedChanged(bool removed);

protected:
    qint64 readAt(qint64 offset, char *buffer, qint64 size) const override;

private:
    // Indexes up to `budget` bytes; returns false at the end of the file.
    bool indexSome(qint64 budget);
    void indexSlice();
    void restart();
    void applyTimestamps(qint64 upTo);

    LogFileReader m_reader;
    QTimer m_sliceTimer;
    QTimer m_followTimer;
    QByteArray m_buffer;
    QFile m_idx;            // StepLogWriter's FILE.idx, read alongside
    QByteArray m_records;   // unread idx records
    qint64 m_idxLine = 0;   // line the next idx record most likely belongs to
    quint32 m_lastMeta = 0;
    bool m_removed = false;
};

} // namespace pw::core
