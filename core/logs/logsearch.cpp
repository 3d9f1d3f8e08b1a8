#include "logsearch.h"

#include "logbytereader.h"
#include "logmatcher.h"
#include "logsource.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstring>

namespace pw::core {

namespace {
constexpr qint64 Block = 4 << 20;
constexpr qint64 MaxLine = 16 << 20;
constexpr qint64 FlushMs = 50; // batches at most this far apart once hits are found
} // namespace

LogSearch::LogSearch(QObject *parent)
    : QObject(parent)
{
}

LogSearch::~LogSearch() { cancel(); }

void LogSearch::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    if (m_thread) {
        m_thread->wait(); // stops at its next block (≤ 4 MiB)
        delete m_thread;
        m_thread = nullptr;
    }
    ++m_generation; // drop batches still queued
    m_running = false;
}

void LogSearch::clear()
{
    cancel();
    m_hits.clear();
    m_matches = 0;
    m_progress = 0;
    m_error.clear();
    m_query = LogSearchQuery();
}

qint64 LogSearch::lowerBound(qint64 line) const
{
    if (line <= 0)
        return 0;
    const auto key = quint32(std::min<qint64>(line, 0xffffffffLL));
    return qint64(std::lower_bound(m_hits.begin(), m_hits.end(), key) - m_hits.begin());
}

qint64 LogSearch::hitsBetween(qint64 first, qint64 last) const
{
    return lowerBound(last) - lowerBound(first);
}

void LogSearch::start(const LogSource *source, const LogSearchQuery &query, qint64 maxHits)
{
    clear();
    m_query = query;
    LogMatcher probe(query);
    if (!probe.isValid() || !source) {
        m_error = probe.errorString();
        emit failed(m_error);
        emit finished(0, 0);
        return;
    }
    m_running = true;
    const quint64 generation = m_generation;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    std::shared_ptr<LogByteReader> reader = source->createReader();
    m_thread = QThread::create([this, generation, cancel, reader, query, maxHits] {
        LogMatcher matcher(query);
        std::vector<quint32> batch;
        qint64 matches = 0;
        qint64 total = 0;
        bool delivered = false;
        QElapsedTimer sinceFlush;
        sinceFlush.start();
        QByteArray buffer(Block, Qt::Uninitialized);
        QByteArray carry; // a line split across blocks
        qint64 line = 0;
        qint64 offset = 0;
        const qint64 size = reader->size();
        auto flush = [&](bool done) {
            deliver(generation, batch, matches, offset, done);
            batch.clear();
            matches = 0;
            delivered = true;
            sinceFlush.restart();
        };
        auto test = [&](QByteArrayView text) {
            const int n = matcher.countInLine(text);
            if (n > 0) {
                batch.push_back(quint32(line));
                matches += n;
                ++total;
            }
            ++line;
        };
        bool stop = false;
        while (offset < size && !stop) {
            if (cancel->load())
                return;
            const qint64 n = reader->read(offset, buffer.data(), std::min(Block, size - offset));
            if (n <= 0)
                break;
            const char *p = buffer.constData();
            const char *end = p + n;
            while (p < end) {
                const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
                const char *stopAt = nl ? nl : end;
                if (!carry.isEmpty() || !nl) {
                    const qint64 room = MaxLine - carry.size();
                    carry.append(p, std::min<qint64>(room, stopAt - p));
                    if (nl) {
                        test(carry);
                        carry.clear();
                    }
                } else {
                    test(QByteArrayView(p, nl - p));
                }
                p = nl ? nl + 1 : end;
                if (maxHits > 0 && total >= maxHits) {
                    stop = true;
                    break;
                }
            }
            offset += n;
            // The first hits go out at once; later ones in batches.
            if (!batch.empty() && (!delivered || sinceFlush.elapsed() >= FlushMs))
                flush(false);
        }
        if (!stop && !carry.isEmpty())
            test(carry);
        offset = stop ? offset : size;
        flush(true);
    });
    m_thread->start();
}

void LogSearch::deliver(quint64 generation, const std::vector<quint32> &lines, qint64 matches,
                        qint64 progress, bool done)
{
    // Runs on the worker: hand the batch to the GUI thread.
    QMetaObject::invokeMethod(
        this,
        [this, generation, lines, matches, progress, done] {
            if (generation != m_generation)
                return;
            m_hits.insert(m_hits.end(), lines.begin(), lines.end());
            m_matches += matches;
            m_progress = progress;
            if (!lines.empty())
                emit hitsAdded(hitCount());
            if (done) {
                m_running = false;
                if (m_thread) {
                    m_thread->wait();
                    delete m_thread;
                    m_thread = nullptr;
                }
                emit finished(hitCount(), m_matches);
            }
        },
        Qt::QueuedConnection);
}

} // namespace pw::core
