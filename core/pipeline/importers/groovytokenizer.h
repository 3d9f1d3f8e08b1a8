#pragma once

#include "groovytoken.h"

#include <QList>
#include <QString>

namespace pw::core {

// Splits Groovy source (the subset declarative Jenkinsfiles use) into tokens: identifiers,
// all four quote styles, numbers, operators and significant newlines. Comments are dropped.
// Stops at the first lexical error (unterminated string or comment, stray character).
class GroovyTokenizer
{
public:
    explicit GroovyTokenizer(const QString &source);

    bool tokenize();
    const QList<GroovyToken> &tokens() const { return m_tokens; }
    QString errorMessage() const { return m_error; }
    SourceLocation errorLocation() const { return m_errorLocation; }

private:
    QChar peek(int ahead = 0) const;
    void advance(int count = 1);
    SourceLocation here() const { return {m_line, m_column}; }
    bool fail(SourceLocation at, const QString &message);
    bool readString(GroovyToken &token);
    bool readSlashyString(GroovyToken &token);
    bool skipInterpolation(SourceLocation stringStart);
    bool skipBlockComment();
    bool slashStartsString() const;

    QString m_src;
    int m_pos = 0;
    int m_line = 1;
    int m_column = 1;
    QList<GroovyToken> m_tokens;
    QString m_error;
    SourceLocation m_errorLocation;
};

} // namespace pw::core
