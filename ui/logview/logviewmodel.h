#pragma once

#include "core/logs/logsource.h"
#include "core/logs/styledline.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <vector>

namespace pw::ui {

// What the log view shows: maps display rows to log lines through the folded groups (group
// end markers such as ::endgroup:: are never shown: their header tells how it ended), keeps
// the fold state per group, and styles lines on demand (only those painted, cached). Lines
// longer than displayCutBytes() are shown cut with a marker; LogSource::lineBytes() still
// gives the whole line. Owned by LogView; observes a LogSource it does not own.
class LogViewModel : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 DisplayCutBytes = 64 * 1024;

    explicit LogViewModel(QObject *parent = nullptr);

    void setSource(pw::core::LogSource *source);
    pw::core::LogSource *source() const { return m_source; }

    qint64 rowCount() const;
    qint64 lineForRow(qint64 row) const;
    // The row showing `line`, or its folded group's header row.
    qint64 rowForLine(qint64 line) const;

    // Group whose header is `line`, or -1.
    int groupAtHeader(qint64 line) const;
    bool isCollapsed(int group) const;
    void setCollapsed(int group, bool collapsed);
    void toggle(int group) { setCollapsed(group, !isCollapsed(group)); }
    // Unfolds every group hiding `line`.
    void reveal(qint64 line);
    void setAllCollapsed(bool collapsed);

    // The displayed form of a line (escapes applied, cut when very long).
    const pw::core::StyledLine &styledLine(qint64 line);
    bool isCut(qint64 line) const;

signals:
    // Rows were added, folded or unfolded; `follow` hints the view may scroll to the end.
    void rowsChanged();
    void sourceReset();

private:
    void onLinesAppended(qint64 firstChanged, qint64 lineCount);
    void syncGroups();
    void rebuildRanges();

    QPointer<pw::core::LogSource> m_source;
    std::vector<char> m_collapsed; // per group
    QHash<qint64, int> m_headers;  // header line → group
    std::vector<qint64> m_markers; // end-marker lines, sorted
    // Hidden line ranges [first, last], sorted and disjoint, with running hidden counts.
    struct Range { qint64 first; qint64 last; qint64 hiddenBefore; qint64 visibleStart; };
    std::vector<Range> m_ranges;
    qint64 m_hidden = 0;
    QHash<qint64, pw::core::StyledLine> m_cache;
};

} // namespace pw::ui
