#include "loggroupparser.h"

#include "ansiparser.h"

namespace pw::core {

namespace {

QString titleOf(QByteArrayView rest)
{
    return AnsiParser::plainText(rest).trimmed().left(300);
}

} // namespace

void LogGroupParser::clear()
{
    m_groups.clear();
    m_open.clear();
    m_lastBuildkite = -1;
}

void LogGroupParser::open(LogGroup group)
{
    group.parent = m_open.empty() ? -1 : m_open.back();
    group.depth = int(m_open.size());
    m_groups.push_back(std::move(group));
    m_open.push_back(int(m_groups.size() - 1));
}

void LogGroupParser::closeFrom(size_t stackPos, qint64 endLine, qint64 timeMs, bool marker)
{
    while (m_open.size() > stackPos) {
        LogGroup &g = m_groups[size_t(m_open.back())];
        g.endLine = std::max(endLine, g.headerLine);
        g.endsOnMarker = marker && endLine > g.headerLine;
        if (g.endMs < 0)
            g.endMs = timeMs;
        m_open.pop_back();
    }
}

void LogGroupParser::markFailed(int group)
{
    for (int g = group; g >= 0; g = m_groups[size_t(g)].parent) {
        m_groups[size_t(g)].failed = true;
        m_groups[size_t(g)].collapsed = false;
    }
}

bool LogGroupParser::parseLine(qint64 line, QByteArrayView head, qint64 timeMs)
{
    if (head.isEmpty() || !mayBeMarker(head[0]))
        return false;
    QByteArrayView text = head;
    while (text.startsWith("\x1b[0K"))
        text = text.sliced(4);

    auto findOpen = [this](auto pred) -> qsizetype {
        for (qsizetype i = qsizetype(m_open.size()) - 1; i >= 0; --i) {
            if (pred(m_groups[size_t(m_open[size_t(i)])]))
                return i;
        }
        return -1;
    };

    if (text.startsWith("::group::")) {
        LogGroup g;
        g.kind = LogGroup::Kind::GitHub;
        g.headerLine = line;
        g.title = titleOf(text.sliced(9));
        g.startMs = timeMs;
        open(std::move(g));
        return true;
    }
    if (text.startsWith("::endgroup::")) {
        const qsizetype pos = findOpen([](const LogGroup &g) {
            return g.kind == LogGroup::Kind::GitHub;
        });
        if (pos >= 0)
            closeFrom(size_t(pos), line, timeMs, true);
        return true;
    }
    if (text.startsWith("section_start:") || text.startsWith("section_end:")) {
        const bool start = text.startsWith("section_start:");
        QByteArrayView rest = text.sliced(start ? 14 : 12);
        const qsizetype colon = rest.indexOf(':');
        if (colon <= 0)
            return false;
        bool ok = false;
        const qint64 seconds = rest.first(colon).toLongLong(&ok);
        if (!ok)
            return false;
        rest = rest.sliced(colon + 1);
        qsizetype nameEnd = 0;
        while (nameEnd < rest.size() && rest[nameEnd] != '[' && rest[nameEnd] != '\r'
               && rest[nameEnd] != '\x1b' && rest[nameEnd] != ' ')
            ++nameEnd;
        const QString name = QString::fromUtf8(rest.first(nameEnd));
        if (start) {
            LogGroup g;
            g.kind = LogGroup::Kind::GitLab;
            g.headerLine = line;
            g.name = name;
            g.startMs = seconds * 1000;
            QByteArrayView after = rest.sliced(nameEnd);
            if (after.startsWith('[')) {
                const qsizetype close = after.indexOf(']');
                const QByteArrayView options = close > 0 ? after.first(close) : after;
                g.collapsed = options.indexOf("collapsed=true") >= 0;
                after = close > 0 ? after.sliced(close + 1) : QByteArrayView();
            }
            // The header text follows "\r ESC[0K"; the raw marker is never the title.
            g.title = titleOf(after);
            if (g.title.isEmpty())
                g.title = name;
            open(std::move(g));
        } else {
            const qsizetype pos = findOpen([&name](const LogGroup &g) {
                return g.kind == LogGroup::Kind::GitLab && g.name == name;
            });
            if (pos >= 0) {
                m_groups[size_t(m_open[size_t(pos)])].endMs = seconds * 1000;
                closeFrom(size_t(pos), line, seconds * 1000, true);
            }
        }
        return true;
    }
    if (text.startsWith("^^^ +++")) {
        if (m_lastBuildkite >= 0)
            m_groups[size_t(m_lastBuildkite)].collapsed = false;
        return true;
    }
    if (text.startsWith("--- ") || text.startsWith("+++ ") || text.startsWith("~~~ ")) {
        // Buildkite groups are flat: a header ends the previous one.
        const qsizetype pos = findOpen([](const LogGroup &g) {
            return g.kind == LogGroup::Kind::Buildkite;
        });
        if (pos >= 0)
            closeFrom(size_t(pos), line - 1, timeMs);
        LogGroup g;
        g.kind = LogGroup::Kind::Buildkite;
        g.headerLine = line;
        g.title = titleOf(text.sliced(4));
        g.collapsed = text[0] != '+';
        g.deemphasised = text[0] == '~';
        g.startMs = timeMs;
        open(std::move(g));
        m_lastBuildkite = m_open.back();
        return true;
    }
    if (text.startsWith("##pw[")) {
        const qsizetype close = text.indexOf(']');
        if (close < 0)
            return false;
        const QString body = QString::fromUtf8(text.sliced(5, close - 5));
        const QString word = body.section(u' ', 0, 0);
        const QString arg = body.section(u' ', 1).trimmed();
        if (word == u"stage" || word == u"step") {
            const bool stage = word == u"stage";
            if (stage) {
                // A new stage ends the previous stage (and its steps) if still open.
                const qsizetype pos = findOpen([](const LogGroup &g) {
                    return g.kind == LogGroup::Kind::Stage;
                });
                if (pos >= 0)
                    closeFrom(size_t(pos), line - 1, timeMs);
            }
            LogGroup g;
            g.kind = stage ? LogGroup::Kind::Stage : LogGroup::Kind::Step;
            g.headerLine = line;
            g.name = arg;
            g.title = (stage ? QStringLiteral("Stage ") : QStringLiteral("Step ")) + arg;
            g.startMs = timeMs;
            open(std::move(g));
            return true;
        }
        if (word == u"end") {
            const qsizetype pos = findOpen([](const LogGroup &g) {
                return g.kind == LogGroup::Kind::Stage || g.kind == LogGroup::Kind::Step;
            });
            if (pos >= 0) {
                const int index = m_open[size_t(pos)];
                if (arg == u"failed" || arg == u"cancelled")
                    markFailed(index);
                else if (arg == u"succeeded" || arg == u"success")
                    m_groups[size_t(index)].collapsed = true;
                closeFrom(size_t(pos), line, timeMs, true);
            }
            return true;
        }
    }
    return false;
}

void LogGroupParser::finish(qint64 lastLine, qint64 timeMs, bool failed)
{
    if (failed && !m_open.empty())
        markFailed(m_open.back());
    closeFrom(0, lastLine, timeMs);
}

} // namespace pw::core
