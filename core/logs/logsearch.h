#pragma once

#include "logsearchquery.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <deque>
#include <memory>

namespace pw::core {

class LogSource;

// Searches a whole log (folded groups included) on a worker thread. Hits arrive in batches
// while the rest is searched (the first as soon as one is found); the total is exact when
// finished() is emitted. A hit is a line holding at least one match, stored as a 32-bit line
// number in a deque (4 bytes per hit, no reallocation copies), so millions of hits cost
// megabytes and appending a batch never stalls the GUI. Lines are searched up to 16 MiB.
// Owned by the view on the GUI thread.
class LogSearch : public QObject
{
    Q_OBJECT

public:
    explicit LogSearch(QObject *parent = nullptr);
    ~LogSearch() override;

    // Cancels any running search and starts a new one over what the source holds now.
    // maxHits > 0 stops after that many hits (e.g. "jump to first error").
    void start(const LogSource *source, const LogSearchQuery &query, qint64 maxHits = 0);
    void cancel();
    void clear();
    bool isRunning() const { return m_running; }
    LogSearchQuery query() const { return m_query; }
    QString errorString() const { return m_error; }

    qint64 hitCount() const { return qint64(m_hits.size()); }
    qint64 matchCount() const { return m_matches; }
    qint64 hitLine(qint64 hit) const { return qint64(m_hits[size_t(hit)]); }
    // Index of the first hit at or after `line`, or hitCount().
    qint64 lowerBound(qint64 line) const;
    // Hits in lines [first, last).
    qint64 hitsBetween(qint64 first, qint64 last) const;
    // Bytes searched so far.
    qint64 progress() const { return m_progress; }

signals:
    void hitsAdded(qint64 hitCount);
    void finished(qint64 hitCount, qint64 matchCount);
    void failed(const QString &error);

private:
    void deliver(quint64 generation, const std::vector<quint32> &lines, qint64 matches,
                 qint64 progress, bool done);

    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    std::deque<quint32> m_hits;
    qint64 m_matches = 0;
    qint64 m_progress = 0;
    bool m_running = false;
    LogSearchQuery m_query;
    QString m_error;
};

} // namespace pw::core
