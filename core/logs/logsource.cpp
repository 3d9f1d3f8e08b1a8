#include "logsource.h"

#include "logbytereader.h"

namespace pw::core {

namespace {
constexpr qint64 HeadBytes = 512; // enough to recognise a marker and its title
}

LogSource::LogSource(QObject *parent)
    : QObject(parent)
{
}

LogSource::~LogSource() = default;

QByteArray LogSource::lineBytes(qint64 line, qint64 maxBytes) const
{
    if (line < 0 || line >= lineCount())
        return QByteArray();
    const qint64 start = m_index.lineStart(line);
    qint64 length = m_index.lineEnd(line) - start;
    if (maxBytes >= 0)
        length = std::min(length, maxBytes);
    QByteArray bytes(length, Qt::Uninitialized);
    const qint64 got = readAt(start, bytes.data(), length);
    bytes.truncate(std::max<qint64>(0, got));
    return bytes;
}

qint64 LogSource::lineTimeMs(qint64 line) const
{
    if (!hasTimestamps())
        return -1;
    return m_startMs + (m_index.meta(line) & LogLineIndex::MsMask);
}

OutputStream LogSource::lineStream(qint64 line) const
{
    return OutputStream(int(m_index.meta(line) >> 30));
}

void LogSource::clearIndex()
{
    m_index.clear();
    m_groups.clear();
    m_scanLine = 0;
    m_finished = false;
    m_failed = false;
}

bool LogSource::ingest(const char *data, qint64 size, quint32 meta)
{
    const qint64 base = m_index.byteSize();
    m_index.append(data, size, meta);
    return scanMarkers(data, base, size, false);
}

bool LogSource::scanMarkers(const char *data, qint64 base, qint64 size, bool final)
{
    bool changed = false;
    const qint64 lines = m_index.lineCount();
    QByteArray buffer;
    for (; m_scanLine < lines; ++m_scanLine) {
        const qint64 start = m_index.lineStart(m_scanLine);
        const qint64 end = m_index.lineEnd(m_scanLine);
        const bool complete = final || m_index.lineComplete(m_scanLine);
        // Wait for more bytes when a possible marker's head is not all here yet.
        const qint64 headLength = std::min(end - start, HeadBytes);
        QByteArrayView head;
        if (start >= base && start + headLength <= base + size) {
            head = QByteArrayView(data + (start - base), headLength);
        } else {
            buffer.resize(headLength);
            buffer.resize(std::max<qint64>(0, readAt(start, buffer.data(), headLength)));
            head = buffer;
        }
        if (head.isEmpty()) {
            if (!complete)
                break;
            continue;
        }
        if (!LogGroupParser::mayBeMarker(head[0]))
            continue;
        if (!complete && headLength < HeadBytes)
            break;
        changed |= m_groups.parseLine(m_scanLine, head, lineTimeMs(m_scanLine));
    }
    return changed;
}

bool LogSource::finishLog(bool failed)
{
    bool changed = scanMarkers(nullptr, 0, 0, true);
    const qint64 last = std::max<qint64>(0, lineCount() - 1);
    if (m_groups.openDepth() > 0)
        changed = true;
    m_groups.finish(last, lineTimeMs(last), failed);
    m_finished = true;
    m_failed = failed;
    return changed;
}

} // namespace pw::core
