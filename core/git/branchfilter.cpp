#include "branchfilter.h"

namespace pw::core {

BranchFilter::BranchFilter(const QStringList &patterns)
    : m_patterns(patterns)
{
    for (const QString &raw : patterns) {
        Rule rule;
        QString glob = raw.trimmed();
        if (glob.startsWith(QLatin1Char('!'))) {
            rule.exclude = true;
            glob.remove(0, 1);
        } else {
            m_hasInclude = true;
        }
        rule.regex = toRegex(glob);
        m_rules.append(rule);
    }
}

QRegularExpression BranchFilter::toRegex(const QString &glob)
{
    QString pattern;
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*')) {
            if (i + 1 < glob.size() && glob.at(i + 1) == QLatin1Char('*')) {
                pattern += QStringLiteral(".*");
                ++i;
            } else {
                pattern += QStringLiteral("[^/]*");
            }
        } else if (c == QLatin1Char('?')) {
            pattern += QStringLiteral("[^/]");
        } else {
            pattern += QRegularExpression::escape(QString(c));
        }
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern));
}

bool BranchFilter::globMatches(const QString &glob, const QString &branch)
{
    return toRegex(glob).match(branch).hasMatch();
}

bool BranchFilter::matches(const QString &branch) const
{
    if (m_rules.isEmpty())
        return true;
    bool result = !m_hasInclude;
    for (const Rule &rule : m_rules) {
        if (rule.regex.match(branch).hasMatch())
            result = !rule.exclude;
    }
    return result;
}

} // namespace pw::core
