#pragma once

#include "groovytoken.h"

#include <QList>
#include <QString>
#include <optional>

namespace pw::core {

// One argument of a Groovy call: `'x'`, `time: 5` or an arbitrary expression.
struct GroovyArgument
{
    QString name; // empty for a positional argument
    QList<GroovyToken> tokens;
    SourceLocation location;

    // A single string, number or bare-word token: its text. Anything else is an expression.
    bool isLiteral() const;
    QString literal() const;
    bool isString() const;
    const GroovyToken *stringToken() const;
};

// One statement of a Groovy block as the declarative syntax sees it: a name (possibly dotted,
// `infra.withX`), the tokens of its arguments and the closures that follow, e.g.
// `stage('Build') { ... }` or `sh 'make'` or `FOO = 'bar'`. Built by GroovyParser.
struct GroovyStatement
{
    QString name;
    SourceLocation location;
    QList<GroovyToken> tokens; // everything after the name except the closures' contents
    QList<QList<GroovyStatement>> blocks;
    QString headText; // the statement's first source line, trimmed, for messages

    bool hasBlock() const { return !blocks.isEmpty(); }
    const QList<GroovyStatement> &block() const; // the first closure (empty if none)
    QList<GroovyArgument> arguments() const;
    std::optional<GroovyArgument> namedArgument(const QString &argName) const;
    std::optional<GroovyArgument> firstPositional() const;
    // `NAME = value`: the value's tokens; empty when the statement is not an assignment.
    QList<GroovyToken> assignedValue() const;
};

} // namespace pw::core
