#pragma once

#include "logsearchquery.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QRegularExpression>

namespace pw::core {

// Matches a LogSearchQuery against log lines as they are displayed (escapes removed, \r
// applied). Raw bytes are matched directly when a line has no escapes or controls and the
// query allows it — the common case, and several times faster than decoding. One per thread.
class LogMatcher
{
public:
    explicit LogMatcher(const LogSearchQuery &query);

    bool isValid() const { return m_valid; }
    QString errorString() const { return m_error; }
    // Non-empty matches in a raw line (no '\n').
    int countInLine(QByteArrayView raw);
    // (start, length) of each match in the displayed text, for highlighting.
    QList<std::pair<int, int>> matchesInText(const QString &text) const;

private:
    int countInText(const QString &text) const;

    LogSearchQuery m_query;
    QRegularExpression m_regex;
    QByteArray m_needle;     // UTF-8; lower-cased when matching ASCII without case
    bool m_asciiFold = false; // case-insensitive fast path possible
    bool m_valid = true;
    QString m_error;
    QByteArray m_scratch;
    QByteArray m_stripped; // a line without its colour codes
};

} // namespace pw::core
