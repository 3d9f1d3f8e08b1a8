#pragma once

#include "loggroup.h"

#include <QByteArrayView>

#include <vector>

namespace pw::core {

// Finds group markers in log lines and builds the (nested) group list:
//   GitHub    ::group::TITLE … ::endgroup::
//   GitLab    ESC[0Ksection_start:TS:NAME[collapsed=true]\rESC[0KTITLE … section_end:TS:NAME
//   Buildkite --- TITLE (folded), +++ TITLE (open), ~~~ TITLE (folded, dimmed); a header ends
//             the previous Buildkite group; ^^^ +++ re-opens the previous one
//   Pipewright ##pw[stage NAME] / ##pw[step NAME] … ##pw[end STATUS]; STATUS "failed" or
//             "cancelled" marks the group (and its ancestors) failed so it starts open.
// Lines are fed in order; owned by a LogSource.
class LogGroupParser
{
public:
    // Cheap pre-check on a line's first byte: only these lines can be markers.
    static bool mayBeMarker(char first)
    {
        return first == ':' || first == '\x1b' || first == 's' || first == '-' || first == '+'
               || first == '~' || first == '^' || first == '#';
    }

    // `head` is the start of the line (≥ 512 bytes when the line is that long); `timeMs` is
    // the line's time (ms since the epoch) or -1. True when the line was a marker.
    bool parseLine(qint64 line, QByteArrayView head, qint64 timeMs);
    // The log ended at `lastLine`: closes open groups; `failed` marks those failed.
    void finish(qint64 lastLine, qint64 timeMs, bool failed);
    void clear();

    const std::vector<LogGroup> &groups() const { return m_groups; }
    int openDepth() const { return int(m_open.size()); }

private:
    void open(LogGroup group);
    // Closes m_open from the back down to and including position `stackPos`; `marker`: the
    // line `endLine` is the marker that closed them.
    void closeFrom(size_t stackPos, qint64 endLine, qint64 timeMs, bool marker = false);
    void markFailed(int group);

    std::vector<LogGroup> m_groups;
    std::vector<int> m_open; // indexes into m_groups, innermost last
    int m_lastBuildkite = -1;
};

} // namespace pw::core
