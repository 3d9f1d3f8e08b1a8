#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace pw::core {

// The patterns of a build context's .dockerignore, with the docker CLI's semantics
// (moby/patternmatcher as used by `docker build`): evaluated in order, the last match wins;
// an exclusion is tried only while the path is not excluded and an exception (`!`) only
// while it is; a path is excluded when the pattern matches it or any of its parent
// directories; `*`/`?` never cross '/', `**` spans directories, `\` escapes, `[...]` classes.
class DockerIgnore
{
public:
    // Parses a .dockerignore file's text (BOM, `#` comments, blank lines, leading '/').
    static DockerIgnore parse(const QByteArray &text, QString *error = nullptr);
    // Reads <contextDir>/.dockerignore; no file means no patterns.
    static DockerIgnore fromContext(const QString &contextDir, QString *error = nullptr);

    // One pattern as it would appear on a line (after cleaning), e.g. "!keep/me".
    bool addPattern(const QString &line, QString *error = nullptr);

    // `path` is relative to the context, '/'-separated, without "./".
    bool isExcluded(const QString &path) const;
    // Whether the walk must still enter an excluded directory: only when an exception's
    // text starts with "dir/" (a literal prefix check, exactly like the CLI's walk).
    bool mayReincludeInside(const QString &dir) const;
    bool hasExceptions() const { return m_hasExceptions; }
    bool isEmpty() const { return m_patterns.isEmpty(); }
    QStringList patterns() const; // cleaned, with '!' for exceptions

private:
    enum class MatchType { Exact, Prefix, Suffix, Regex };
    struct Pattern
    {
        QString text; // cleaned, without '!'
        bool exception = false;
        MatchType type = MatchType::Exact;
        QRegularExpression regex;
        bool matches(const QString &path) const;
    };
    static bool compile(Pattern *p, QString *error);

    QList<Pattern> m_patterns;
    bool m_hasExceptions = false;
};

} // namespace pw::core
