#include "dockerignore.h"

#include <QDir>
#include <QFile>

namespace pw::core {

namespace {

// Go's filepath.Clean on a '/'-separated path: collapse "//", drop ".", resolve "..".
QString cleanPath(const QString &path)
{
    if (path.isEmpty())
        return QStringLiteral(".");
    const bool rooted = path.startsWith(QLatin1Char('/'));
    QStringList out;
    for (const QString &part : path.split(QLatin1Char('/'))) {
        if (part.isEmpty() || part == QLatin1String("."))
            continue;
        if (part == QLatin1String("..")) {
            if (!out.isEmpty() && out.last() != QLatin1String(".."))
                out.removeLast();
            else if (!rooted)
                out.append(part);
            continue;
        }
        out.append(part);
    }
    const QString joined = out.join(QLatin1Char('/'));
    if (rooted)
        return QLatin1Char('/') + joined;
    return joined.isEmpty() ? QStringLiteral(".") : joined;
}

} // namespace

DockerIgnore DockerIgnore::parse(const QByteArray &text, QString *error)
{
    DockerIgnore ignore;
    QByteArray data = text;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    for (const QByteArray &rawLine : data.split('\n')) {
        // A comment is recognised before trimming, as the CLI does: " #x" is a pattern.
        if (rawLine.startsWith('#'))
            continue;
        QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty())
            continue;
        bool exception = false;
        if (line.startsWith(QLatin1Char('!'))) {
            exception = true;
            line = line.mid(1);
        }
        if (!line.isEmpty()) {
            line = cleanPath(line);
            if (line.size() > 1 && line.startsWith(QLatin1Char('/')))
                line = line.mid(1);
        }
        if (!ignore.addPattern(exception ? QLatin1Char('!') + line : line, error))
            return {};
    }
    return ignore;
}

DockerIgnore DockerIgnore::fromContext(const QString &contextDir, QString *error)
{
    QFile file(QDir(contextDir).filePath(QStringLiteral(".dockerignore")));
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return {};
    }
    return parse(file.readAll(), error);
}

bool DockerIgnore::addPattern(const QString &line, QString *error)
{
    QString text = line.trimmed();
    if (text.isEmpty())
        return true;
    text = cleanPath(text);
    Pattern p;
    if (text.startsWith(QLatin1Char('!'))) {
        if (text.size() == 1) {
            if (error)
                *error = QStringLiteral("illegal exclusion pattern: \"!\"");
            return false;
        }
        p.exception = true;
        text = text.mid(1);
    }
    p.text = text;
    if (!compile(&p, error))
        return false;
    m_hasExceptions = m_hasExceptions || p.exception;
    m_patterns.append(p);
    return true;
}

// Translates a pattern the way patternmatcher does, including its shortcuts: a pattern
// without wildcards compares exactly, "x/**" is a prefix test and a leading "**" a suffix
// test (so "**foo" also matches "barfoo"), everything else becomes an anchored regex.
bool DockerIgnore::compile(Pattern *p, QString *error)
{
    const QString &s = p->text;
    QString re = QStringLiteral("^");
    MatchType type = MatchType::Exact;
    int brackets = 0;
    for (qsizetype i = 0, token = 0; i < s.size(); ++token) {
        const QChar ch = s.at(i++);
        if (ch == QLatin1Char('*')) {
            if (i < s.size() && s.at(i) == QLatin1Char('*')) {
                ++i;
                if (i < s.size() && s.at(i) == QLatin1Char('/'))
                    ++i; // "**/" behaves as "**"
                if (i >= s.size()) {
                    if (type == MatchType::Exact) {
                        type = MatchType::Prefix;
                    } else {
                        re += QStringLiteral(".*");
                        type = MatchType::Regex;
                    }
                } else {
                    re += QStringLiteral("(.*/)?");
                    type = MatchType::Regex;
                }
                if (token == 0)
                    type = MatchType::Suffix;
            } else {
                re += QStringLiteral("[^/]*");
                type = MatchType::Regex;
            }
        } else if (ch == QLatin1Char('?')) {
            re += QStringLiteral("[^/]");
            type = MatchType::Regex;
        } else if (QStringLiteral(".+()|{}$").contains(ch)) {
            re += QLatin1Char('\\') + ch;
        } else if (ch == QLatin1Char('\\')) {
            if (i < s.size()) {
                re += QLatin1Char('\\') + s.at(i++);
                type = MatchType::Regex;
            } else {
                re += QStringLiteral("\\\\");
            }
        } else if (ch == QLatin1Char('[') || ch == QLatin1Char(']')) {
            brackets += ch == QLatin1Char('[') ? 1 : -1;
            re += ch;
            type = MatchType::Regex;
        } else {
            re += ch;
        }
    }
    p->type = type;
    if (type == MatchType::Regex) {
        p->regex = QRegularExpression(re + QLatin1Char('$'));
        if (!p->regex.isValid() || brackets != 0) {
            if (error)
                *error = QStringLiteral("syntax error in pattern \"%1\"").arg(s);
            return false;
        }
    }
    return true;
}

bool DockerIgnore::Pattern::matches(const QString &path) const
{
    switch (type) {
    case MatchType::Exact:
        return path == text;
    case MatchType::Prefix:
        return path.startsWith(text.left(text.size() - 2));
    case MatchType::Suffix: {
        const QString suffix = text.mid(2);
        if (path.endsWith(suffix))
            return true;
        return suffix.startsWith(QLatin1Char('/')) && path == suffix.mid(1);
    }
    case MatchType::Regex:
        return regex.match(path).hasMatch();
    }
    return false;
}

bool DockerIgnore::isExcluded(const QString &path) const
{
    const QString file = cleanPath(path);
    if (file == QLatin1String("."))
        return false;
    const QStringList parentDirs = file.section(QLatin1Char('/'), 0, -2).split(
        QLatin1Char('/'), Qt::SkipEmptyParts);
    bool excluded = false;
    for (const Pattern &p : m_patterns) {
        if (p.exception != excluded)
            continue;
        bool match = p.matches(file);
        for (qsizetype i = 0; !match && i < parentDirs.size(); ++i)
            match = p.matches(parentDirs.mid(0, i + 1).join(QLatin1Char('/')));
        if (match)
            excluded = !p.exception;
    }
    return excluded;
}

bool DockerIgnore::mayReincludeInside(const QString &dir) const
{
    const QString dirSlash = dir + QLatin1Char('/');
    for (const Pattern &p : m_patterns) {
        if (p.exception && (p.text + QLatin1Char('/')).startsWith(dirSlash))
            return true;
    }
    return false;
}

QStringList DockerIgnore::patterns() const
{
    QStringList out;
    for (const Pattern &p : m_patterns)
        out.append(p.exception ? QLatin1Char('!') + p.text : p.text);
    return out;
}

} // namespace pw::core
