#include "groovyparser.h"

#include "groovytokenizer.h"

namespace pw::core {

using Type = GroovyToken::Type;

namespace {

bool continuesOnNextLine(const GroovyToken &last)
{
    if (last.type != Type::Symbol)
        return false;
    static const QStringList ops = {
        QStringLiteral(","), QStringLiteral("+"), QStringLiteral("-"), QStringLiteral("*"),
        QStringLiteral("/"), QStringLiteral("&&"), QStringLiteral("||"), QStringLiteral("?"),
        QStringLiteral(":"), QStringLiteral("="), QStringLiteral("=="), QStringLiteral("!="),
        QStringLiteral("<"), QStringLiteral(">"), QStringLiteral("<="), QStringLiteral(">="),
        QStringLiteral("=~"), QStringLiteral("==~"), QStringLiteral("->"), QStringLiteral("?:"),
        QStringLiteral("."), QStringLiteral("?."), QStringLiteral("+="), QStringLiteral("-="),
    };
    return ops.contains(last.text);
}

QString closerFor(const QString &opener)
{
    if (opener == u"(")
        return QStringLiteral(")");
    if (opener == u"[")
        return QStringLiteral("]");
    return QStringLiteral("}");
}

} // namespace

GroovyParser::GroovyParser(const QString &source)
    : m_src(source)
{
}

void GroovyParser::fail(SourceLocation at, const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    m_error = message;
    m_errorLocation = at;
}

QString GroovyParser::lineText(int offset) const
{
    int end = m_src.indexOf(u'\n', offset);
    if (end < 0)
        end = int(m_src.size());
    QString text = m_src.mid(offset, end - offset).trimmed();
    if (text.size() > 70)
        text = text.left(67) + QStringLiteral("...");
    return text;
}

const GroovyToken &GroovyParser::peekNonNewline() const
{
    int i = m_pos;
    while (m_tokens.at(i).type == Type::Newline)
        ++i;
    return m_tokens.at(i);
}

bool GroovyParser::parse()
{
    GroovyTokenizer tokenizer(m_src);
    if (!tokenizer.tokenize()) {
        fail(tokenizer.errorLocation(), tokenizer.errorMessage());
        return false;
    }
    m_tokens = tokenizer.tokens();
    m_pos = 0;
    m_statements = parseBlock(0);
    if (!m_failed && tok().isSymbol(u"}"))
        fail(tok().location, QStringLiteral("unbalanced braces: '}' without a matching '{'"));
    return !m_failed;
}

QList<GroovyStatement> GroovyParser::parseBlock(int depth)
{
    QList<GroovyStatement> result;
    while (!m_failed) {
        while (tok().type == Type::Newline || tok().isSymbol(u";"))
            ++m_pos;
        if (tok().type == Type::End || tok().isSymbol(u"}"))
            break;
        const int before = m_pos;
        GroovyStatement statement = parseStatement(depth);
        if (m_failed)
            break;
        if (m_pos == before) {
            // Defensive: a statement must consume input, otherwise we would loop forever.
            fail(tok().location, QStringLiteral("unexpected '%1'").arg(tok().text));
            break;
        }
        result.append(std::move(statement));
    }
    return result;
}

GroovyStatement GroovyParser::parseStatement(int depth)
{
    GroovyStatement st;
    st.location = tok().location;
    st.headText = lineText(tok().offset);
    const int startIndex = m_pos;
    if (tok().type == Type::Identifier) {
        st.name = tok().text;
        ++m_pos;
        while (tok().isSymbol(u".") && m_tokens.at(m_pos + 1).type == Type::Identifier) {
            st.name += u'.' + m_tokens.at(m_pos + 1).text;
            m_pos += 2;
        }
    }

    QList<GroovyToken> open; // unclosed brackets inside the statement's arguments
    while (!m_failed) {
        const GroovyToken &t = tok();
        if (t.type == Type::End) {
            if (!open.isEmpty()) {
                fail(open.last().location,
                     QStringLiteral("unbalanced brackets: '%1' opened here is never closed")
                         .arg(open.last().text));
            }
            break;
        }
        if (open.isEmpty()) {
            if (t.type == Type::Newline) {
                const GroovyToken &next = peekNonNewline();
                const GroovyToken *last = st.tokens.isEmpty() ? nullptr : &st.tokens.last();
                const bool chained = next.isSymbol(u".") || next.isSymbol(u"?.");
                // Allman style: `stage('x')` with its `{` on the next line.
                const bool allman = next.isSymbol(u"{") && !st.hasBlock() && !st.name.isEmpty();
                if ((last && continuesOnNextLine(*last)) || chained || allman) {
                    while (tok().type == Type::Newline)
                        ++m_pos;
                    continue;
                }
                break;
            }
            if (t.isSymbol(u";") || t.isSymbol(u"}"))
                break;
            if (t.isSymbol(u")") || t.isSymbol(u"]")) {
                fail(t.location, QStringLiteral("unbalanced brackets: '%1' without a matching "
                                                "opening bracket")
                                     .arg(t.text));
                break;
            }
            if (t.isSymbol(u"{")) {
                if (depth + 1 > MaxDepth) {
                    fail(t.location, QStringLiteral("blocks nested more than %1 levels deep")
                                         .arg(MaxDepth));
                    break;
                }
                const GroovyToken brace = t;
                ++m_pos;
                QList<GroovyStatement> inner = parseBlock(depth + 1);
                if (m_failed)
                    break;
                if (!tok().isSymbol(u"}")) {
                    fail(brace.location, QStringLiteral("unbalanced braces: '{' opened here "
                                                        "is never closed"));
                    break;
                }
                ++m_pos;
                st.blocks.append(std::move(inner));
                // `if (...) { } else { }`, `try { } catch (e) { }`: one statement.
                const GroovyToken &next = peekNonNewline();
                if (next.isIdentifier(u"else") || next.isIdentifier(u"catch")
                    || next.isIdentifier(u"finally")) {
                    while (tok().type == Type::Newline)
                        ++m_pos;
                    continue;
                }
                break;
            }
        } else {
            if (t.isSymbol(u")") || t.isSymbol(u"]") || t.isSymbol(u"}")) {
                const QString expected = closerFor(open.last().text);
                if (t.text != expected) {
                    fail(t.location, QStringLiteral("unbalanced brackets: expected '%1' to "
                                                    "close the '%2' at line %3, found '%4'")
                                         .arg(expected, open.last().text)
                                         .arg(open.last().location.line)
                                         .arg(t.text));
                    break;
                }
                open.removeLast();
            }
        }
        if (t.isSymbol(u"(") || t.isSymbol(u"[") || (t.isSymbol(u"{") && !open.isEmpty())) {
            if (depth + int(open.size()) + 1 > MaxDepth) {
                fail(t.location,
                     QStringLiteral("brackets nested more than %1 levels deep").arg(MaxDepth));
                break;
            }
            open.append(t);
        }
        if (t.type != Type::Newline)
            st.tokens.append(t);
        ++m_pos;
    }
    // The head as written: up to the last argument token, on the first line only.
    const int start = m_tokens.at(startIndex).offset;
    int end = st.tokens.isEmpty() ? start + int(st.name.size())
                                  : st.tokens.last().offset + st.tokens.last().length;
    QString head = m_src.mid(start, std::max(0, end - start));
    const qsizetype newline = head.indexOf(u'\n');
    if (newline >= 0)
        head = head.left(newline).trimmed() + QStringLiteral(" ...");
    if (head.size() > 70)
        head = head.left(67) + QStringLiteral("...");
    if (!head.trimmed().isEmpty())
        st.headText = head.trimmed();
    return st;
}

} // namespace pw::core
