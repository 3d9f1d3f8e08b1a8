#pragma once

#include "../diagnostic.h"

#include <QString>

namespace pw::core {

// One lexical token of a Jenkinsfile (Groovy). Strings carry their decoded contents; offset
// and length point into the source so messages can quote the original text.
struct GroovyToken
{
    enum class Type { Identifier, String, Number, Symbol, Newline, End };

    Type type = Type::End;
    QString text;              // identifier, symbol or number text; decoded string contents
    bool doubleQuoted = false; // a GString: `${...}` and `$name` are interpolated by Groovy
    bool tripleQuoted = false;
    SourceLocation location;
    int offset = 0;
    int length = 0;

    bool is(Type t, QStringView s) const { return type == t && text == s; }
    bool isSymbol(QStringView s) const { return is(Type::Symbol, s); }
    bool isIdentifier(QStringView s) const { return is(Type::Identifier, s); }
};

} // namespace pw::core
