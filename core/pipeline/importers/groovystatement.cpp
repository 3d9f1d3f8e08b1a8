#include "groovystatement.h"

namespace pw::core {

using Type = GroovyToken::Type;

bool GroovyArgument::isLiteral() const
{
    return tokens.size() == 1
           && (tokens.first().type == Type::String || tokens.first().type == Type::Number
               || tokens.first().type == Type::Identifier);
}

QString GroovyArgument::literal() const
{
    return isLiteral() ? tokens.first().text : QString();
}

bool GroovyArgument::isString() const
{
    return stringToken() != nullptr;
}

const GroovyToken *GroovyArgument::stringToken() const
{
    if (tokens.size() == 1 && tokens.first().type == Type::String)
        return &tokens.first();
    // `("x")` around a single string is still that string.
    if (tokens.size() == 3 && tokens.at(0).isSymbol(u"(") && tokens.at(2).isSymbol(u")")
        && tokens.at(1).type == Type::String)
        return &tokens.at(1);
    return nullptr;
}

const QList<GroovyStatement> &GroovyStatement::block() const
{
    static const QList<GroovyStatement> empty;
    return blocks.isEmpty() ? empty : blocks.first();
}

QList<GroovyArgument> GroovyStatement::arguments() const
{
    QList<GroovyToken> args = tokens;
    if (!args.isEmpty() && args.first().isSymbol(u"(")) {
        // Take what is inside the parentheses; whatever follows (`.trim()`) is not an argument.
        int depth = 0;
        int close = -1;
        for (int i = 0; i < args.size(); ++i) {
            const GroovyToken &t = args.at(i);
            if (t.isSymbol(u"(") || t.isSymbol(u"[") || t.isSymbol(u"{"))
                ++depth;
            else if (t.isSymbol(u")") || t.isSymbol(u"]") || t.isSymbol(u"}"))
                --depth;
            if (depth == 0) {
                close = i;
                break;
            }
        }
        if (close > 0)
            args = args.mid(1, close - 1);
    }
    QList<GroovyArgument> result;
    GroovyArgument current;
    int depth = 0;
    auto flush = [&] {
        if (current.tokens.isEmpty())
            return;
        // The location is taken before the name is cut off: `script:` with no value leaves
        // no tokens behind.
        const QList<GroovyToken> &ts = current.tokens;
        current.location = ts.first().location;
        if (ts.size() >= 2 && ts.at(1).isSymbol(u":")
            && (ts.at(0).type == Type::Identifier || ts.at(0).type == Type::String)) {
            current.name = ts.at(0).text;
            current.tokens = current.tokens.mid(2);
        }
        result.append(current);
        current = {};
    };
    for (const GroovyToken &t : std::as_const(args)) {
        if (t.isSymbol(u"(") || t.isSymbol(u"[") || t.isSymbol(u"{"))
            ++depth;
        else if (t.isSymbol(u")") || t.isSymbol(u"]") || t.isSymbol(u"}"))
            --depth;
        if (depth == 0 && t.isSymbol(u",")) {
            flush();
            continue;
        }
        if (t.type == Type::Newline)
            continue;
        current.tokens.append(t);
    }
    flush();
    return result;
}

std::optional<GroovyArgument> GroovyStatement::namedArgument(const QString &argName) const
{
    for (const GroovyArgument &a : arguments()) {
        if (a.name == argName)
            return a;
    }
    return std::nullopt;
}

std::optional<GroovyArgument> GroovyStatement::firstPositional() const
{
    for (const GroovyArgument &a : arguments()) {
        if (a.name.isEmpty())
            return a;
    }
    return std::nullopt;
}

QList<GroovyToken> GroovyStatement::assignedValue() const
{
    if (tokens.isEmpty() || !tokens.first().isSymbol(u"="))
        return {};
    return tokens.mid(1);
}

} // namespace pw::core
