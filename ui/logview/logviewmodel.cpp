#include "logviewmodel.h"

#include "core/logs/ansiparser.h"

#include <QLocale>

#include <algorithm>

using namespace pw::core;

namespace pw::ui {

LogViewModel::LogViewModel(QObject *parent)
    : QObject(parent)
{
}

void LogViewModel::setSource(LogSource *source)
{
    if (m_source)
        m_source->disconnect(this);
    m_source = source;
    m_collapsed.clear();
    m_cache.clear();
    if (source) {
        connect(source, &LogSource::linesAppended, this, &LogViewModel::onLinesAppended);
        connect(source, &LogSource::groupsChanged, this, [this] {
            syncGroups();
            rebuildRanges();
            emit rowsChanged();
        });
        connect(source, &LogSource::finished, this, [this] {
            syncGroups();
            rebuildRanges();
            emit rowsChanged();
        });
        connect(source, &LogSource::reset, this, [this] {
            m_collapsed.clear();
            m_cache.clear();
            syncGroups();
            rebuildRanges();
            emit sourceReset();
            emit rowsChanged();
        });
    }
    syncGroups();
    rebuildRanges();
    emit sourceReset();
    emit rowsChanged();
}

void LogViewModel::onLinesAppended(qint64 firstChanged, qint64)
{
    // The last line may have grown: drop cached styling from there on.
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (it.key() >= firstChanged)
            it = m_cache.erase(it);
        else
            ++it;
    }
    if (!m_ranges.empty() || !m_collapsed.empty())
        rebuildRanges(); // open groups grow with the log
    emit rowsChanged();
}

void LogViewModel::syncGroups()
{
    m_headers.clear();
    m_markers.clear();
    if (!m_source)
        return;
    const auto &groups = m_source->groups();
    for (size_t i = 0; i < groups.size(); ++i) {
        const LogGroup &g = groups[i];
        if (i >= m_collapsed.size())
            m_collapsed.push_back(g.collapsed && !g.failed);
        else if (g.failed)
            m_collapsed[i] = false; // failed groups open themselves
        m_headers.insert(g.headerLine, int(i));
        if (g.endsOnMarker)
            m_markers.push_back(g.endLine);
    }
    // Nested groups closed by one marker share its line.
    std::sort(m_markers.begin(), m_markers.end());
    m_markers.erase(std::unique(m_markers.begin(), m_markers.end()), m_markers.end());
}

void LogViewModel::rebuildRanges()
{
    m_ranges.clear();
    m_hidden = 0;
    if (!m_source)
        return;
    const auto &groups = m_source->groups();
    const qint64 lines = m_source->lineCount();
    // Folded bodies, in header order (so sorted by first line; nested ones lie inside).
    std::vector<std::pair<qint64, qint64>> folded;
    qint64 coveredTo = -1;
    for (size_t i = 0; i < groups.size() && i < m_collapsed.size(); ++i) {
        if (!m_collapsed[i])
            continue;
        const LogGroup &g = groups[i];
        const qint64 first = g.headerLine + 1;
        const qint64 last = std::min(g.isOpen() ? lines - 1 : g.endLine, lines - 1);
        if (first > last || g.headerLine <= coveredTo)
            continue; // empty, or inside a group already hidden
        folded.emplace_back(first, last);
        coveredTo = last;
    }
    // Merged with the end-marker lines, which are never shown: the header says how the
    // group ended.
    auto add = [this](qint64 first, qint64 last) {
        if (!m_ranges.empty() && first <= m_ranges.back().last + 1) {
            const qint64 grown = std::max(last, m_ranges.back().last) - m_ranges.back().last;
            m_ranges.back().last += grown;
            m_hidden += grown;
            return;
        }
        m_ranges.push_back({first, last, m_hidden, first - m_hidden});
        m_hidden += last - first + 1;
    };
    auto marker = m_markers.cbegin();
    for (const auto &[first, last] : folded) {
        for (; marker != m_markers.cend() && *marker < first; ++marker) {
            if (*marker < lines)
                add(*marker, *marker);
        }
        add(first, last);
    }
    for (; marker != m_markers.cend(); ++marker) {
        if (*marker < lines)
            add(*marker, *marker);
    }
}

qint64 LogViewModel::rowCount() const
{
    return m_source ? m_source->lineCount() - m_hidden : 0;
}

qint64 LogViewModel::lineForRow(qint64 row) const
{
    // Ranges whose first hidden line would sit at or before this row lie wholly before it.
    auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), row,
                               [](qint64 r, const Range &range) { return r < range.visibleStart; });
    if (it == m_ranges.begin())
        return row;
    const Range &prev = *(it - 1);
    return row + prev.hiddenBefore + (prev.last - prev.first + 1);
}

qint64 LogViewModel::rowForLine(qint64 line) const
{
    auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), line,
                               [](qint64 l, const Range &range) { return l < range.first; });
    if (it == m_ranges.begin())
        return line;
    const Range &prev = *(it - 1);
    if (line <= prev.last)
        return prev.first - 1 - prev.hiddenBefore; // its header's row
    return line - prev.hiddenBefore - (prev.last - prev.first + 1);
}

int LogViewModel::groupAtHeader(qint64 line) const { return m_headers.value(line, -1); }

bool LogViewModel::isCollapsed(int group) const
{
    return group >= 0 && size_t(group) < m_collapsed.size() && m_collapsed[size_t(group)];
}

void LogViewModel::setCollapsed(int group, bool collapsed)
{
    if (group < 0 || size_t(group) >= m_collapsed.size()
        || bool(m_collapsed[size_t(group)]) == collapsed)
        return;
    m_collapsed[size_t(group)] = collapsed;
    rebuildRanges();
    emit rowsChanged();
}

void LogViewModel::setAllCollapsed(bool collapsed)
{
    std::fill(m_collapsed.begin(), m_collapsed.end(), char(collapsed));
    rebuildRanges();
    emit rowsChanged();
}

void LogViewModel::reveal(qint64 line)
{
    if (!m_source)
        return;
    bool changed = false;
    const auto &groups = m_source->groups();
    for (size_t i = 0; i < groups.size() && i < m_collapsed.size(); ++i) {
        const LogGroup &g = groups[i];
        const qint64 last = g.isOpen() ? m_source->lineCount() : g.endLine;
        if (m_collapsed[i] && line > g.headerLine && line <= last) {
            m_collapsed[i] = false;
            changed = true;
        }
    }
    if (changed) {
        rebuildRanges();
        emit rowsChanged();
    }
}

bool LogViewModel::isCut(qint64 line) const
{
    return m_source && m_source->lineLength(line) > DisplayCutBytes;
}

const StyledLine &LogViewModel::styledLine(qint64 line)
{
    auto it = m_cache.find(line);
    if (it != m_cache.end())
        return *it;
    if (m_cache.size() > 4000)
        m_cache.clear(); // only a screenful or two is ever needed
    StyledLine styled;
    if (m_source) {
        styled = AnsiParser::parseLine(m_source->lineBytes(line, DisplayCutBytes));
        if (isCut(line)) {
            const double mb = double(m_source->lineLength(line)) / (1024.0 * 1024.0);
            styled.text += QStringLiteral("  … [line cut: %1 MB in total — right-click to copy "
                                          "the full line]")
                               .arg(QLocale::c().toString(mb, 'f', 1));
        }
    }
    return *m_cache.insert(line, std::move(styled));
}

} // namespace pw::ui
