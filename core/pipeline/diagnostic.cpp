#include "diagnostic.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace pw::core {

Diagnostic Diagnostic::error(const QString &file, SourceLocation loc, const QString &message)
{
    return Diagnostic{Severity::Error, file, loc, excerpt(message, MaxMessageLength)};
}

Diagnostic Diagnostic::warning(const QString &file, SourceLocation loc, const QString &message)
{
    return Diagnostic{Severity::Warning, file, loc, excerpt(message, MaxMessageLength)};
}

QString excerpt(const QString &text, qsizetype max)
{
    if (text.size() <= max)
        return text;
    qsizetype cut = max;
    if (text.at(cut - 1).isHighSurrogate())
        --cut; // never split a character
    return text.left(cut) + QStringLiteral("… (%1 characters)").arg(text.size());
}

QString Diagnostic::toString() const
{
    QString where = file.isEmpty() ? QStringLiteral("<input>") : file;
    // Tools that jump to FILE:LINE:COL need both numbers; an unknown place is the file's start.
    where += QStringLiteral(":%1:%2").arg(std::max(location.line, 1)).arg(std::max(location.column, 1));
    const char *kind = severity == Severity::Error     ? "error"
                       : severity == Severity::Warning ? "warning"
                                                       : "note";
    return QStringLiteral("%1: %2: %3").arg(where, QLatin1String(kind), message);
}

bool hasErrors(const Diagnostics &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &d) {
        return d.severity == Diagnostic::Severity::Error;
    });
}

static int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
            diagonal = above;
        }
    }
    return row[b.size()];
}

QString closestMatch(const QString &word, const QStringList &candidates)
{
    QString best;
    int bestDistance = std::max<int>(2, word.size() / 3) + 1;
    for (const QString &candidate : candidates) {
        // The distance is at least the difference in length: a long word costs nothing.
        if (std::abs(int(word.size()) - int(candidate.size())) >= bestDistance)
            continue;
        const int d = editDistance(word, candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

} // namespace pw::core
