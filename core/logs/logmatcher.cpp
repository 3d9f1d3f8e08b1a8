#include "logmatcher.h"

#include "ansiparser.h"

#include <cstring>
#include <string.h>

namespace pw::core {

namespace {

bool needsDecoding(QByteArrayView raw)
{
    for (const char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            return true;
    }
    return false;
}

// Most coloured build output has nothing but CSI sequences (ESC [ params final) between its
// text: dropping them bytewise gives the same plain text as the full ANSI parser at memmem
// speed. Anything else (OSC, carriage returns, tabs, other controls) returns false and goes
// through the parser.
bool stripCsiOnly(QByteArrayView raw, QByteArray *out)
{
    out->resize(raw.size());
    char *o = out->data();
    const char *p = raw.data();
    const char *end = p + raw.size();
    while (p < end) {
        const auto u = static_cast<unsigned char>(*p);
        if (u >= 0x20 && u != 0x7f) {
            *o++ = *p++;
            continue;
        }
        if (u != 0x1b || p + 1 >= end || p[1] != '[')
            return false;
        p += 2;
        while (p < end && static_cast<unsigned char>(*p) >= 0x20
               && static_cast<unsigned char>(*p) <= 0x3f)
            ++p; // parameter and intermediate bytes
        if (p >= end || static_cast<unsigned char>(*p) < 0x40
            || static_cast<unsigned char>(*p) > 0x7e)
            return false;
        ++p; // the final byte
    }
    out->resize(o - out->data());
    return true;
}

int countRaw(QByteArrayView hay, const QByteArray &needle)
{
    int count = 0;
    const char *p = hay.data();
    const char *end = p + hay.size();
    while (p < end) {
        const void *hit = ::memmem(p, size_t(end - p), needle.constData(), size_t(needle.size()));
        if (!hit)
            break;
        ++count;
        p = static_cast<const char *>(hit) + needle.size();
    }
    return count;
}

} // namespace

LogMatcher::LogMatcher(const LogSearchQuery &query)
    : m_query(query)
{
    if (query.pattern.isEmpty()) {
        m_valid = false;
        m_error = QStringLiteral("empty pattern");
        return;
    }
    if (query.regex) {
        m_regex.setPattern(query.pattern);
        if (!query.caseSensitive)
            m_regex.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
        if (!m_regex.isValid()) {
            m_valid = false;
            m_error = m_regex.errorString();
            return;
        }
        m_regex.optimize();
        return;
    }
    m_needle = query.pattern.toUtf8();
    bool ascii = true;
    for (const char c : std::as_const(m_needle))
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    m_asciiFold = !query.caseSensitive && ascii;
    if (m_asciiFold)
        m_needle = m_needle.toLower();
}

int LogMatcher::countInLine(QByteArrayView raw)
{
    if (!m_valid)
        return 0;
    const bool rawSearchable = !m_query.regex && (m_query.caseSensitive || m_asciiFold);
    if (rawSearchable && needsDecoding(raw)) {
        if (!stripCsiOnly(raw, &m_stripped))
            return countInText(AnsiParser::plainText(raw));
        raw = m_stripped;
    } else if (!rawSearchable) {
        return countInText(AnsiParser::plainText(raw));
    }
    if (m_query.caseSensitive)
        return countRaw(raw, m_needle);
    // ASCII case folding leaves UTF-8 multi-byte sequences untouched.
    m_scratch.resize(raw.size());
    char *out = m_scratch.data();
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        out[i] = (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    }
    return countRaw(m_scratch, m_needle);
}

int LogMatcher::countInText(const QString &text) const
{
    if (m_query.regex) {
        int count = 0;
        for (auto it = m_regex.globalMatch(text); it.hasNext();) {
            if (it.next().capturedLength() > 0)
                ++count;
        }
        return count;
    }
    return int(matchesInText(text).size()); // non-overlapping, like the raw path
}

QList<std::pair<int, int>> LogMatcher::matchesInText(const QString &text) const
{
    QList<std::pair<int, int>> found;
    if (!m_valid)
        return found;
    if (m_query.regex) {
        for (auto it = m_regex.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            if (m.capturedLength() > 0)
                found.append({int(m.capturedStart()), int(m.capturedLength())});
        }
        return found;
    }
    const auto cs = m_query.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
    for (qsizetype at = text.indexOf(m_query.pattern, 0, cs); at >= 0;
         at = text.indexOf(m_query.pattern, at + m_query.pattern.size(), cs))
        found.append({int(at), int(m_query.pattern.size())});
    return found;
}

} // namespace pw::core
