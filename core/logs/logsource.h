#pragma once

#include "loggroup.h"
#include "loggroupparser.h"
#include "loglineindex.h"

#include "core/run/runstatus.h"

#include <QByteArray>
#include <QObject>

#include <memory>
#include <vector>

namespace pw::core {

class LogByteReader;

// A step's log as the viewer sees it: lines (through a LogLineIndex), per-line time and
// stream, and groups, over bytes kept somewhere else — in memory while a step runs
// (LogBuffer) or in a file on disk (LogFileSource). Lives on the GUI thread; search workers
// read through createReader().
class LogSource : public QObject
{
    Q_OBJECT

public:
    ~LogSource() override;

    qint64 lineCount() const { return m_index.lineCount(); }
    qint64 byteSize() const { return m_index.byteSize(); }
    qint64 lineLength(qint64 line) const { return m_index.lineLength(line); }
    // The raw bytes of a line without its '\n'; at most maxBytes when maxBytes ≥ 0.
    QByteArray lineBytes(qint64 line, qint64 maxBytes = -1) const;
    bool hasTimestamps() const { return m_index.timestampsEnabled() && m_startMs >= 0; }
    qint64 startTimeMs() const { return m_startMs; }
    // ms since the epoch, or -1 when unknown.
    qint64 lineTimeMs(qint64 line) const;
    OutputStream lineStream(qint64 line) const;
    const std::vector<LogGroup> &groups() const { return m_groups.groups(); }
    const LogLineIndex &index() const { return m_index; }
    bool isFinished() const { return m_finished; }
    bool isFailed() const { return m_failed; }
    // The file on disk, if any ("open raw log").
    virtual QString filePath() const { return QString(); }

    virtual std::unique_ptr<LogByteReader> createReader() const = 0;

signals:
    // Lines [firstChanged, lineCount) are new or grew (the previous last line may have).
    void linesAppended(qint64 firstChanged, qint64 lineCount);
    void groupsChanged();
    // The bytes were replaced (file truncated or rotated): everything must be re-read.
    void reset();
    void finished();

protected:
    explicit LogSource(QObject *parent = nullptr);
    virtual qint64 readAt(qint64 offset, char *buffer, qint64 size) const = 0;

    // Indexes the next bytes of the log (`data` is what readAt will return for them) and
    // finds group markers in completed lines. Emits nothing; callers emit once per batch.
    // Returns true when groups changed.
    bool ingest(const char *data, qint64 size, quint32 meta);
    void clearIndex();
    // Ends the log; returns true when groups changed.
    bool finishLog(bool failed);

    LogLineIndex m_index;
    LogGroupParser m_groups;
    qint64 m_startMs = -1;
    bool m_finished = false;
    bool m_failed = false;

private:
    bool scanMarkers(const char *data, qint64 base, qint64 size, bool final);

    qint64 m_scanLine = 0; // next line to check for a group marker
};

} // namespace pw::core
