#pragma once

#include <QRegularExpression>
#include <QStringList>

namespace pw::core {

// Which branches a push trigger listens to, from the pipeline's `triggers.push` globs.
// `*` matches within one path segment, `**` across segments, `?` one character; a leading
// `!` excludes. Patterns are read in order and the last one that matches decides, as in
// GitHub Actions; with only exclusions, every other branch matches. No patterns: all match.
class BranchFilter
{
public:
    BranchFilter() = default;
    explicit BranchFilter(const QStringList &patterns);

    bool matches(const QString &branch) const;
    bool isEmpty() const { return m_patterns.isEmpty(); }
    QStringList patterns() const { return m_patterns; }

    static bool globMatches(const QString &glob, const QString &branch);

private:
    struct Rule
    {
        QRegularExpression regex;
        bool exclude = false;
    };
    static QRegularExpression toRegex(const QString &glob);

    QStringList m_patterns;
    QList<Rule> m_rules;
    bool m_hasInclude = false;
};

} // namespace pw::core
