#include "ansiparser.h"

#include <algorithm>

namespace pw::core {

namespace {

constexpr char Esc = '\x1b';
constexpr qsizetype MaxSequence = 4096; // longer "sequences" are garbage, not escapes

bool isSpecial(unsigned char c) { return c < 0x20 || c == 0x7f; }

} // namespace

AnsiParser::AnsiParser() = default;

void AnsiParser::reset()
{
    *this = AnsiParser();
}

void AnsiParser::feed(QByteArrayView bytes)
{
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    if (p != end)
        m_pendingLine = true;
    while (p != end) {
        const auto c = static_cast<unsigned char>(*p);
        switch (m_state) {
        case State::Text: {
            if (!isSpecial(c)) {
                const char *run = p;
                while (p != end && !isSpecial(static_cast<unsigned char>(*p)))
                    ++p;
                m_text.append(run, p - run);
                continue;
            }
            flushText();
            if (c == Esc) {
                m_state = State::Escape;
            } else if (c == '\n') {
                endLine();
            } else if (c == '\r') {
                m_cursor = 0;
            } else if (c == '\b') {
                m_cursor = std::max(0, m_cursor - 1);
            } else if (c == '\t') {
                putChars(QString(8 - m_cursor % 8, u' '));
            } else if (c == 0x07) {
                // A bell outside OSC: nothing to show.
            } else {
                // Make NULs and other controls visible instead of dropping bytes silently.
                putChars(QString(QChar(c == 0x7f ? 0x2421 : 0x2400 + c)));
            }
            break;
        }
        case State::Escape:
            m_sequence.clear();
            if (c == '[')
                m_state = State::Csi;
            else if (c == ']')
                m_state = State::Osc;
            else if (c == '(' || c == ')' || c == '*' || c == '+')
                m_state = State::Charset;
            else if (c == '\n') {
                m_state = State::Text;
                continue; // a lone ESC before a newline: let the newline end the line
            } else
                m_state = State::Text; // two-byte sequences (ESC 7, ESC M, …)
            break;
        case State::Csi:
            if (c >= 0x40 && c <= 0x7e) {
                m_sequence.append(char(c));
                handleCsi();
                m_state = State::Text;
            } else if (c >= 0x20 && c <= 0x3f && m_sequence.size() < MaxSequence) {
                m_sequence.append(char(c));
            } else {
                m_state = State::Text; // malformed: drop it, reprocess this byte as text
                continue;
            }
            break;
        case State::Osc:
            if (c == 0x07) {
                handleOsc();
                m_state = State::Text;
            } else if (c == Esc) {
                m_state = State::OscEscape;
            } else if (c == '\n') {
                m_state = State::Text; // unterminated OSC: never swallow the rest of the log
                continue;
            } else if (m_sequence.size() < MaxSequence) {
                m_sequence.append(char(c));
            }
            break;
        case State::OscEscape:
            handleOsc(); // ESC \ is the string terminator; anything else ends it too
            m_state = State::Text;
            if (c != '\\')
                continue;
            break;
        case State::Charset:
            m_state = State::Text;
            break;
        }
        ++p;
    }
}

void AnsiParser::flushText()
{
    if (m_text.isEmpty())
        return;
    putChars(QString::fromUtf8(m_text));
    m_text.clear();
}

void AnsiParser::putChars(const QString &chars)
{
    const int needed = m_cursor + int(chars.size());
    if (m_cursor > m_line.size()) {
        const int pad = m_cursor - int(m_line.size());
        m_line.append(QString(pad, u' '));
        m_cellStyles.insert(m_cellStyles.end(), size_t(pad), AnsiStyle());
        m_cellLinks.insert(m_cellLinks.end(), size_t(pad), -1);
    }
    if (needed > m_line.size()) {
        m_line.resize(needed);
        m_cellStyles.resize(size_t(needed));
        m_cellLinks.resize(size_t(needed), -1);
    }
    for (qsizetype i = 0; i < chars.size(); ++i) {
        m_line[m_cursor] = chars[i];
        m_cellStyles[size_t(m_cursor)] = m_style;
        m_cellLinks[size_t(m_cursor)] = m_link;
        ++m_cursor;
    }
}

void AnsiParser::handleCsi()
{
    const char final = m_sequence.back();
    const QByteArray params = m_sequence.chopped(1);
    if (!params.isEmpty() && (params[0] < '0' || params[0] > ';'))
        return; // private modes (?25l, >…): nothing visible
    if (final == 'm') {
        handleSgr();
        return;
    }
    const int n = params.isEmpty() ? 0 : params.split(';').first().toInt();
    switch (final) {
    case 'K':
        if (n == 0 && m_cursor < m_line.size()) {
            m_line.truncate(m_cursor);
            m_cellStyles.resize(size_t(m_cursor));
            m_cellLinks.resize(size_t(m_cursor));
        } else if (n == 1) {
            for (int i = 0; i < std::min(m_cursor, int(m_line.size())); ++i)
                m_line[i] = u' ';
        } else if (n == 2) {
            m_line.clear();
            m_cellStyles.clear();
            m_cellLinks.clear();
        }
        break;
    case 'G':
        m_cursor = std::max(0, n - 1);
        break;
    case 'C':
        m_cursor += std::clamp(n, 1, 1000);
        break;
    case 'D':
        m_cursor = std::max(0, m_cursor - std::max(n, 1));
        break;
    default:
        break; // other cursor movement and screen control are not shown in a log
    }
}

void AnsiParser::handleSgr()
{
    // Groups separated by ';'; a group may hold ':' sub-parameters (38:2::R:G:B).
    const QByteArray params = m_sequence.chopped(1);
    QList<QList<int>> groups;
    for (const QByteArray &group : params.split(';')) {
        QList<int> values;
        for (const QByteArray &v : group.split(':'))
            values << v.toInt();
        groups << values;
    }
    auto colour = [&](qsizetype &i, quint32 &target) {
        // Either the sub-parameters of groups[i], or the following groups.
        QList<int> rest = groups[i].mid(1);
        const bool colonForm = !rest.isEmpty();
        if (!colonForm) {
            for (qsizetype j = i + 1; j < groups.size() && j <= i + 4; ++j)
                rest << groups[j].value(0);
        }
        if (rest.value(0) == 5 && rest.size() >= 2) {
            target = AnsiStyle::Palette | quint32(rest[1] & 0xff);
            if (!colonForm)
                i += 2;
        } else if (rest.value(0) == 2) {
            // The colon form may carry a colour-space id before R:G:B.
            const int skip = colonForm && rest.size() >= 5 ? 1 : 0;
            const auto rgb = [&](int k) { return quint32(rest.value(1 + skip + k) & 0xff); };
            target = AnsiStyle::Rgb | (rgb(0) << 16) | (rgb(1) << 8) | rgb(2);
            if (!colonForm)
                i += 4;
        }
    };
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const int code = groups[i].value(0);
        switch (code) {
        case 0: m_style = AnsiStyle(); break;
        case 1: m_style.flags |= AnsiStyle::Bold; break;
        case 2: m_style.flags |= AnsiStyle::Dim; break;
        case 3: m_style.flags |= AnsiStyle::Italic; break;
        case 4: case 21: m_style.flags |= AnsiStyle::Underline; break;
        case 7: m_style.flags |= AnsiStyle::Inverse; break;
        case 9: m_style.flags |= AnsiStyle::Strike; break;
        case 22: m_style.flags &= ~(AnsiStyle::Bold | AnsiStyle::Dim); break;
        case 23: m_style.flags &= ~AnsiStyle::Italic; break;
        case 24: m_style.flags &= ~AnsiStyle::Underline; break;
        case 27: m_style.flags &= ~AnsiStyle::Inverse; break;
        case 29: m_style.flags &= ~AnsiStyle::Strike; break;
        case 38: colour(i, m_style.fg); break;
        case 39: m_style.fg = 0; break;
        case 48: colour(i, m_style.bg); break;
        case 49: m_style.bg = 0; break;
        default:
            if (code >= 30 && code <= 37)
                m_style.fg = AnsiStyle::Palette | quint32(code - 30);
            else if (code >= 40 && code <= 47)
                m_style.bg = AnsiStyle::Palette | quint32(code - 40);
            else if (code >= 90 && code <= 97)
                m_style.fg = AnsiStyle::Palette | quint32(code - 90 + 8);
            else if (code >= 100 && code <= 107)
                m_style.bg = AnsiStyle::Palette | quint32(code - 100 + 8);
            break;
        }
    }
}

void AnsiParser::handleOsc()
{
    // OSC 8 ; params ; URI — an empty URI closes the link. Titles (0, 1, 2) and others drop.
    if (!m_sequence.startsWith("8;"))
        return;
    const qsizetype uriStart = m_sequence.indexOf(';', 2);
    if (uriStart < 0)
        return;
    const QByteArray uri = m_sequence.mid(uriStart + 1);
    if (uri.isEmpty()) {
        m_link = -1;
    } else {
        m_linkUrls << QString::fromUtf8(uri);
        m_link = int(m_linkUrls.size() - 1);
    }
}

void AnsiParser::endLine()
{
    StyledLine line;
    line.text = m_line;
    const int n = int(m_line.size());
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && m_cellStyles[size_t(j)] == m_cellStyles[size_t(i)])
            ++j;
        if (!m_cellStyles[size_t(i)].isDefault())
            line.spans << StyleSpan{i, j - i, m_cellStyles[size_t(i)]};
        i = j;
    }
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && m_cellLinks[size_t(j)] == m_cellLinks[size_t(i)])
            ++j;
        if (m_cellLinks[size_t(i)] >= 0)
            line.links << LinkSpan{i, j - i, m_linkUrls[m_cellLinks[size_t(i)]]};
        i = j;
    }
    m_lines << line;
    m_line.clear();
    m_cellStyles.clear();
    m_cellLinks.clear();
    m_cursor = 0;
    m_pendingLine = false;
    // Link URLs are per line; keep the open one alive for the next line.
    if (m_link >= 0) {
        const QString open = m_linkUrls[m_link];
        m_linkUrls = {open};
        m_link = 0;
    } else {
        m_linkUrls.clear();
    }
}

void AnsiParser::finish()
{
    flushText();
    if (m_state != State::Text)
        m_state = State::Text; // an unfinished sequence at the end is dropped
    if (m_pendingLine || !m_line.isEmpty())
        endLine();
}

QList<StyledLine> AnsiParser::takeLines()
{
    return std::exchange(m_lines, {});
}

StyledLine AnsiParser::parseLine(QByteArrayView line)
{
    AnsiParser parser;
    parser.feed(line);
    parser.finish();
    QList<StyledLine> lines = parser.takeLines();
    if (lines.isEmpty())
        return {};
    if (lines.size() == 1)
        return lines.first();
    // Embedded newlines (not expected): join so the caller still gets one line.
    StyledLine joined = lines.takeFirst();
    for (const StyledLine &l : lines)
        joined.text += u' ' + l.text;
    return joined;
}

QString AnsiParser::plainText(QByteArrayView line)
{
    for (const char c : line) {
        if (isSpecial(static_cast<unsigned char>(c)))
            return parseLine(line).text;
    }
    return QString::fromUtf8(line);
}

} // namespace pw::core
