#pragma once

#include <QString>

namespace pw::core {

// A foldable section of a log found by LogGroupParser: from its header line to the line
// that closed it (or to the end while it is still open).
struct LogGroup
{
    enum class Kind { GitHub, GitLab, Buildkite, Stage, Step };
    Kind kind = Kind::GitHub;
    qint64 headerLine = 0;
    qint64 endLine = -1;   // last line inside the group; -1 while open
    bool endsOnMarker = false; // endLine is the closing marker (::endgroup::, section_end,
                               // ##pw[end]), not a line of output
    int parent = -1;       // index of the enclosing group
    int depth = 0;
    QString title;
    QString name;          // GitLab section name, Pipewright stage/step name
    bool collapsed = false; // how it starts: GitLab [collapsed=true], Buildkite ---/~~~
    bool deemphasised = false; // Buildkite ~~~
    bool failed = false;
    qint64 startMs = -1;   // ms since the epoch, -1 when unknown
    qint64 endMs = -1;
    bool isOpen() const { return endLine < 0; }
    qint64 durationMs() const { return startMs >= 0 && endMs >= startMs ? endMs - startMs : -1; }
};

} // namespace pw::core
