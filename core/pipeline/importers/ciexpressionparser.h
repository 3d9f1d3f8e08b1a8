#pragma once

#include "conditionexpr.h"

#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace pw::core {

// Reads the condition languages of GitHub Actions (`if: github.ref == 'refs/heads/main'`) and
// GitLab CI (`if: $CI_COMMIT_BRANCH =~ /^release/`) into a ConditionExpr. Only the parts with
// a Pipewright meaning translate (branch, plain variables, needs results, status functions);
// for anything else parse() returns nothing and error() says which part did not fit.
class CiExpressionParser
{
public:
    enum class Dialect { GitHub, GitLab };
    using JobResolver = std::function<QString(const QString &job)>; // job key → stage id

    explicit CiExpressionParser(Dialect dialect, JobResolver resolveJob = {});

    std::optional<ConditionExpr> parse(const QString &text);
    QString error() const { return m_error; }

    // `^release/`, `^main$`, `/^v\d/` ... → a branch glob when the regex is a plain prefix or
    // an exact name; empty otherwise.
    static QString regexToGlob(const QString &pattern);

private:
    struct Token
    {
        enum class Type { Var, Name, String, Regex, Number, Op, LParen, RParen, Comma, End };
        Type type = Type::End;
        QString text;
    };
    struct Operand
    {
        Token::Type type = Token::Type::End;
        QString text;
        QList<Operand> args; // a function call's arguments (type Name with args)
        bool isCall = false;
    };

    bool tokenize(const QString &text);
    const Token &tok() const { return m_tokens.at(m_pos); }
    std::optional<ConditionExpr> parseOr();
    std::optional<ConditionExpr> parseAnd();
    std::optional<ConditionExpr> parseUnary();
    std::optional<ConditionExpr> parsePrimary();
    std::optional<Operand> parseOperand();
    std::optional<ConditionExpr> comparison(const Operand &lhs, const QString &op,
                                            const Operand &rhs);
    std::optional<ConditionExpr> bare(const Operand &operand);
    std::optional<ConditionExpr> call(const Operand &operand);
    std::optional<ConditionExpr> untranslatable(const QString &why);
    QString branchVariable(const Operand &o) const;

    Dialect m_dialect;
    JobResolver m_resolveJob;
    QList<Token> m_tokens;
    int m_pos = 0;
    int m_depth = 0;
    QString m_error;
};

} // namespace pw::core
