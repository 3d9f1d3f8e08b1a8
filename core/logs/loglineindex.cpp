#include "loglineindex.h"

#include <algorithm>
#include <cstring>

namespace pw::core {

LogLineIndex::LogLineIndex() { clear(); }

LogLineIndex::~LogLineIndex() = default;

void LogLineIndex::clear()
{
    m_deltaPages.clear();
    m_metaPages.clear();
    m_bases.clear();
    m_overflow.clear();
    m_starts = 0;
    m_metas = 0;
    m_bytes = 0;
    pushStart(0);
}

void LogLineIndex::setTimestampsEnabled(bool enabled)
{
    m_withMeta = enabled;
    if (!enabled) {
        m_metaPages.clear();
        m_metas = 0;
    }
}

void LogLineIndex::pushStart(qint64 offset)
{
    const qint64 i = m_starts;
    if ((i & (PageSize - 1)) == 0)
        m_deltaPages.emplace_back(new quint32[PageSize]);
    if ((i & ((1 << BlockBits) - 1)) == 0)
        m_bases.push_back(offset);
    const qint64 delta = offset - m_bases.back();
    quint32 stored = quint32(delta);
    if (delta >= qint64(Overflow)) {
        stored = Overflow;
        m_overflow[i] = offset;
    }
    m_deltaPages.back()[i & (PageSize - 1)] = stored;
    ++m_starts;
}

void LogLineIndex::pushMeta(quint32 meta)
{
    const qint64 i = m_metas;
    if ((i & (PageSize - 1)) == 0)
        m_metaPages.emplace_back(new quint32[PageSize]);
    m_metaPages.back()[i & (PageSize - 1)] = meta;
    ++m_metas;
}

void LogLineIndex::append(const char *data, qint64 size, quint32 meta)
{
    if (size <= 0)
        return;
    // The line begun by the last newline gets its stamp when its first byte arrives.
    if (m_withMeta && m_metas < m_starts)
        pushMeta(meta);
    const char *p = data;
    const char *end = data + size;
    const qint64 base = m_bytes - qint64(reinterpret_cast<quintptr>(data));
    while ((p = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)))) != nullptr) {
        ++p;
        pushStart(base + qint64(reinterpret_cast<quintptr>(p)));
        if (m_withMeta && p != end)
            pushMeta(meta);
    }
    m_bytes += size;
}

qint64 LogLineIndex::lineCount() const
{
    // The last recorded start is a line only once a byte of it has arrived.
    return lineStart(m_starts - 1) == m_bytes ? m_starts - 1 : m_starts;
}

qint64 LogLineIndex::lineStart(qint64 line) const
{
    if (line <= 0)
        return 0;
    if (line >= m_starts)
        return m_bytes;
    const quint32 d = m_deltaPages[size_t(line >> PageBits)][line & (PageSize - 1)];
    if (d == Overflow)
        return m_overflow.at(line);
    return m_bases[size_t(line >> BlockBits)] + d;
}

qint64 LogLineIndex::lineEnd(qint64 line) const
{
    if (line + 1 < m_starts)
        return lineStart(line + 1) - 1;
    return m_bytes;
}

qint64 LogLineIndex::lineForOffset(qint64 offset) const
{
    if (offset <= 0 || m_starts <= 1)
        return 0;
    // Block bases are sorted: find the block, then the line inside it.
    auto it = std::upper_bound(m_bases.begin(), m_bases.end(), offset);
    qint64 block = qint64(it - m_bases.begin()) - 1;
    qint64 lo = block << BlockBits;
    qint64 hi = std::min(m_starts, (block + 1) << BlockBits) - 1;
    while (lo < hi) {
        const qint64 mid = (lo + hi + 1) / 2;
        if (lineStart(mid) <= offset)
            lo = mid;
        else
            hi = mid - 1;
    }
    return std::min(lo, std::max<qint64>(0, lineCount() - 1));
}

quint32 LogLineIndex::meta(qint64 line) const
{
    if (!m_withMeta || line < 0 || line >= m_metas)
        return 0;
    return m_metaPages[size_t(line >> PageBits)][line & (PageSize - 1)];
}

void LogLineIndex::setMeta(qint64 line, quint32 meta)
{
    if (!m_withMeta || line < 0)
        return;
    while (m_metas <= line && m_metas < m_starts)
        pushMeta(meta);
    if (line < m_metas)
        m_metaPages[size_t(line >> PageBits)][line & (PageSize - 1)] = meta;
}

qint64 LogLineIndex::memoryBytes() const
{
    return qint64(m_deltaPages.size() + m_metaPages.size()) * PageSize * 4
           + qint64(m_bases.capacity()) * 8 + qint64(m_overflow.size()) * 48;
}

} // namespace pw::core
