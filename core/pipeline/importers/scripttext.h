#pragma once

#include <QString>

namespace pw::core {

// The one shape imported shell scripts take: no trailing blank lines, and a multi-line script
// ends with a newline like a YAML `|` block, so writing and re-reading the file keeps it equal.
inline QString normalizedScript(const QString &script)
{
    QString s = script;
    while (s.endsWith(u'\n') || s.endsWith(u' ') || s.endsWith(u'\t'))
        s.chop(1);
    if (s.contains(u'\n'))
        s += u'\n';
    return s;
}

// `s` as one shell word in single quotes ('it'\''s').
inline QString shellQuote(const QString &s)
{
    QString out = s;
    out.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + out + u'\'';
}

} // namespace pw::core
