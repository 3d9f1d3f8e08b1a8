#pragma once

#include "groovystatement.h"

#include <QList>
#include <QString>

namespace pw::core {

// Parses a Jenkinsfile into a tree of GroovyStatements: each block `{ ... }` becomes the
// statements inside it. It does not understand Groovy expressions, only how statements,
// brackets and closures nest, which is all the declarative syntax needs. Nesting is capped
// so hostile input (10,000 open braces) fails with a message instead of a stack overflow.
class GroovyParser
{
public:
    static constexpr int MaxDepth = 200;

    explicit GroovyParser(const QString &source);

    bool parse();
    const QList<GroovyStatement> &statements() const { return m_statements; }
    QString errorMessage() const { return m_error; }
    SourceLocation errorLocation() const { return m_errorLocation; }

private:
    const GroovyToken &tok() const { return m_tokens.at(m_pos); }
    const GroovyToken &peekNonNewline() const;
    QList<GroovyStatement> parseBlock(int depth);
    GroovyStatement parseStatement(int depth);
    void fail(SourceLocation at, const QString &message);
    QString lineText(int offset) const;

    QString m_src;
    QList<GroovyToken> m_tokens;
    int m_pos = 0;
    bool m_failed = false;
    QList<GroovyStatement> m_statements;
    QString m_error;
    SourceLocation m_errorLocation;
};

} // namespace pw::core
