#include "groovytokenizer.h"

namespace pw::core {

namespace {

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_' || c == u'$';
}

bool isIdentPart(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// Longest operators first so that "==~" wins over "==".
const QStringView kSymbols[] = {
    u"==~", u"<=>", u"?.", u"?:", u"*.", u"==", u"!=", u"<=", u">=", u"&&", u"||", u"->",
    u"=~", u"++", u"--", u"+=", u"-=", u"*=", u"/=", u"<<", u">>", u"..", u"**",
};

} // namespace

GroovyTokenizer::GroovyTokenizer(const QString &source)
    : m_src(source)
{
}

QChar GroovyTokenizer::peek(int ahead) const
{
    const int i = m_pos + ahead;
    return i < m_src.size() ? m_src.at(i) : QChar();
}

void GroovyTokenizer::advance(int count)
{
    for (int i = 0; i < count && m_pos < m_src.size(); ++i) {
        if (m_src.at(m_pos) == u'\n') {
            ++m_line;
            m_column = 1;
        } else {
            ++m_column;
        }
        ++m_pos;
    }
}

bool GroovyTokenizer::fail(SourceLocation at, const QString &message)
{
    m_error = message;
    m_errorLocation = at;
    return false;
}

bool GroovyTokenizer::slashStartsString() const
{
    // A slash is division almost everywhere; after a regex operator it opens a /pattern/.
    if (m_tokens.isEmpty())
        return false;
    const GroovyToken &last = m_tokens.last();
    return last.isSymbol(u"=~") || last.isSymbol(u"==~") || last.isSymbol(u"~");
}

bool GroovyTokenizer::skipBlockComment()
{
    const SourceLocation start = here();
    advance(2);
    while (m_pos < m_src.size()) {
        if (peek() == u'*' && peek(1) == u'/') {
            advance(2);
            return true;
        }
        advance();
    }
    return fail(start, QStringLiteral("unterminated comment: '/*' is never closed"));
}

// Skips a `${ ... }` inside a GString, which may itself hold braces and quoted strings.
bool GroovyTokenizer::skipInterpolation(SourceLocation stringStart)
{
    int depth = 0;
    while (m_pos < m_src.size()) {
        const QChar c = peek();
        if (c == u'{') {
            ++depth;
        } else if (c == u'}') {
            if (--depth == 0) {
                advance();
                return true;
            }
        } else if (c == u'\'' || c == u'"') {
            const QChar quote = c;
            advance();
            while (m_pos < m_src.size() && peek() != quote && peek() != u'\n') {
                if (peek() == u'\\')
                    advance();
                advance();
            }
            if (peek() != quote)
                break;
        }
        advance();
    }
    return fail(stringStart, QStringLiteral("unterminated string: '${' is never closed"));
}

bool GroovyTokenizer::readString(GroovyToken &token)
{
    const SourceLocation start = here();
    const QChar quote = peek();
    const bool triple = peek(1) == quote && peek(2) == quote;
    token.type = GroovyToken::Type::String;
    token.doubleQuoted = quote == u'"';
    token.tripleQuoted = triple;
    advance(triple ? 3 : 1);

    QString out;
    while (true) {
        if (m_pos >= m_src.size())
            return fail(start, QStringLiteral("unterminated string: the %1 opened here is "
                                              "never closed")
                                   .arg(triple ? QString(3, quote) : QString(quote)));
        const QChar c = peek();
        if (!triple && c == u'\n')
            return fail(start, QStringLiteral("unterminated string: missing closing %1 before "
                                              "the end of the line")
                                   .arg(quote));
        if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
            advance(triple ? 3 : 1);
            break;
        }
        if (c == u'\\') {
            const QChar e = peek(1);
            switch (e.unicode()) {
            case 'n': out += u'\n'; break;
            case 't': out += u'\t'; break;
            case 'r': out += u'\r'; break;
            case 'b': out += u'\b'; break;
            case 'f': out += u'\f'; break;
            case '\\': out += u'\\'; break;
            case '\'': out += u'\''; break;
            case '"': out += u'"'; break;
            case '$': out += u'$'; break;
            case '\n':
                // Groovy drops an escaped newline (a line continuation inside the string).
                break;
            default:
                if (e.isNull())
                    return fail(start, QStringLiteral("unterminated string"));
                out += u'\\';
                out += e;
            }
            advance(2);
            continue;
        }
        if (token.doubleQuoted && c == u'$' && peek(1) == u'{') {
            const int from = m_pos;
            if (!skipInterpolation(start))
                return false;
            out += m_src.mid(from, m_pos - from);
            continue;
        }
        out += c;
        advance();
    }
    token.text = out;
    return true;
}

bool GroovyTokenizer::readSlashyString(GroovyToken &token)
{
    const SourceLocation start = here();
    token.type = GroovyToken::Type::String;
    advance();
    QString out;
    while (m_pos < m_src.size() && peek() != u'/') {
        if (peek() == u'\\' && peek(1) == u'/') {
            out += u'/';
            advance(2);
            continue;
        }
        out += peek();
        advance();
    }
    if (peek() != u'/')
        return fail(start, QStringLiteral("unterminated regular expression: missing '/'"));
    advance();
    token.text = out;
    return true;
}

bool GroovyTokenizer::tokenize()
{
    m_tokens.clear();
    if (m_src.startsWith(u"#!")) {
        while (m_pos < m_src.size() && peek() != u'\n')
            advance();
    }
    while (m_pos < m_src.size()) {
        const QChar c = peek();
        if (c == u'\n') {
            GroovyToken t{GroovyToken::Type::Newline, {}, false, false, here(), m_pos, 1};
            m_tokens.append(t);
            advance();
            continue;
        }
        if (c == u' ' || c == u'\t' || c == u'\r' || c == u'\f' || c == QChar(0xFEFF)) {
            advance();
            continue;
        }
        if (c == u'\\' && (peek(1) == u'\n' || (peek(1) == u'\r' && peek(2) == u'\n'))) {
            advance(peek(1) == u'\r' ? 3 : 2); // explicit line continuation
            continue;
        }
        if (c == u'/' && peek(1) == u'/') {
            while (m_pos < m_src.size() && peek() != u'\n')
                advance();
            continue;
        }
        if (c == u'/' && peek(1) == u'*') {
            if (!skipBlockComment())
                return false;
            continue;
        }
        GroovyToken token;
        token.location = here();
        token.offset = m_pos;
        if (c == u'\'' || c == u'"') {
            if (!readString(token))
                return false;
        } else if (c == u'/' && slashStartsString()) {
            if (!readSlashyString(token))
                return false;
        } else if (isIdentStart(c)) {
            token.type = GroovyToken::Type::Identifier;
            while (m_pos < m_src.size() && isIdentPart(peek())) {
                token.text += peek();
                advance();
            }
        } else if (c.isDigit()) {
            token.type = GroovyToken::Type::Number;
            while (m_pos < m_src.size()
                   && (peek().isLetterOrNumber() || peek() == u'_'
                       || (peek() == u'.' && peek(1).isDigit()))) {
                token.text += peek();
                advance();
            }
        } else {
            token.type = GroovyToken::Type::Symbol;
            for (QStringView sym : kSymbols) {
                if (QStringView(m_src).mid(m_pos, sym.size()) == sym) {
                    token.text = sym.toString();
                    break;
                }
            }
            if (token.text.isEmpty()) {
                static const QString singles = QStringLiteral("{}()[],:;=.+-*/%!?<>&|^~@");
                if (!singles.contains(c)) {
                    const QString code =
                        QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0');
                    return fail(here(), QStringLiteral("unexpected character U+%1").arg(code));
                }
                token.text = c;
            }
            advance(int(token.text.size()));
        }
        token.length = m_pos - token.offset;
        m_tokens.append(token);
    }
    GroovyToken end;
    end.location = here();
    end.offset = m_pos;
    m_tokens.append(end);
    return true;
}

} // namespace pw::core
