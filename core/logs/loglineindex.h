#pragma once

#include <QtGlobal>

#include <map>
#include <memory>
#include <vector>

namespace pw::core {

// Line-offset index of a log's raw bytes, built incrementally as bytes arrive (live) or as an
// existing file is read. Offsets are stored as a 64-bit base per 64 lines plus a 32-bit delta
// per line, in fixed pages so growth never copies; an optional 32-bit record per line holds
// the line's timestamp (ms since the log's start, 30 bits) and its stream (2 bits). Together
// about 8.2 bytes per line. Owned by a LogSource; not thread-safe.
class LogLineIndex
{
public:
    static constexpr quint32 MsMask = (1u << 30) - 1;

    LogLineIndex();
    ~LogLineIndex();
    LogLineIndex(const LogLineIndex &) = delete;
    LogLineIndex &operator=(const LogLineIndex &) = delete;

    // Indexes the next `size` bytes of the log. `meta` (ms | stream << 30) is recorded for
    // each line whose first byte is in these bytes, when timestamps are enabled.
    void append(const char *data, qint64 size, quint32 meta = 0);
    void clear();
    void setTimestampsEnabled(bool enabled);
    bool timestampsEnabled() const { return m_withMeta; }

    qint64 byteSize() const { return m_bytes; }
    // Lines seen so far; a last line without its newline yet counts.
    qint64 lineCount() const;
    qint64 lineStart(qint64 line) const;
    // Offset just past the line's text, excluding its '\n'.
    qint64 lineEnd(qint64 line) const;
    qint64 lineLength(qint64 line) const { return lineEnd(line) - lineStart(line); }
    bool lineComplete(qint64 line) const { return line + 1 < qint64(m_starts); }
    // The line containing `offset` (clamped to the valid range).
    qint64 lineForOffset(qint64 offset) const;
    // 0 when timestamps are disabled or not recorded for the line.
    quint32 meta(qint64 line) const;
    void setMeta(qint64 line, quint32 meta);
    // Heap bytes held by the index (pages are counted whole).
    qint64 memoryBytes() const;

private:
    static constexpr int PageBits = 16;
    static constexpr qint64 PageSize = qint64(1) << PageBits;
    static constexpr int BlockBits = 6; // 64 lines share one 64-bit base
    static constexpr quint32 Overflow = 0xffffffffu;

    void pushStart(qint64 offset);
    void pushMeta(quint32 meta);

    std::vector<std::unique_ptr<quint32[]>> m_deltaPages;
    std::vector<std::unique_ptr<quint32[]>> m_metaPages;
    std::vector<qint64> m_bases;
    std::map<qint64, qint64> m_overflow; // line → offset, for lines > 4 GiB past their base
    qint64 m_starts = 0; // line starts recorded (offset 0 included)
    qint64 m_metas = 0;
    qint64 m_bytes = 0;
    bool m_withMeta = false;
};

} // namespace pw::core
