#include "ciexpressionparser.h"

namespace pw::core {

namespace {

constexpr int MaxDepth = 64;

QString describe(const QString &text)
{
    return text.size() > 60 ? text.left(57) + QStringLiteral("...") : text;
}

} // namespace

CiExpressionParser::CiExpressionParser(Dialect dialect, JobResolver resolveJob)
    : m_dialect(dialect)
    , m_resolveJob(std::move(resolveJob))
{
}

QString CiExpressionParser::regexToGlob(const QString &pattern)
{
    if (!pattern.startsWith(u'^'))
        return {};
    QString glob;
    bool exact = false;
    for (int i = 1; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == u'\\' && i + 1 < pattern.size()) {
            const QChar n = pattern.at(++i);
            if (n.isLetterOrNumber())
                return {}; // \d, \w: a class, not a literal
            glob += n;
        } else if (c == u'$' && i == pattern.size() - 1) {
            exact = true;
        } else if (c == u'.' && i + 1 < pattern.size() && pattern.at(i + 1) == u'*') {
            if (i + 2 != pattern.size() && !(i + 3 == pattern.size() && pattern.endsWith(u'$')))
                return {};
            break;
        } else if (c.isLetterOrNumber() || c == u'_' || c == u'-' || c == u'/') {
            glob += c;
        } else {
            return {};
        }
    }
    if (glob.isEmpty())
        return {};
    return exact ? glob : glob + u'*';
}

bool CiExpressionParser::tokenize(const QString &text)
{
    using T = Token::Type;
    m_tokens.clear();
    int i = 0;
    auto lastIsMatchOp = [this] {
        return !m_tokens.isEmpty() && m_tokens.last().type == T::Op
               && (m_tokens.last().text == u"=~" || m_tokens.last().text == u"!~");
    };
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        Token t;
        if (c == u'$' && m_dialect == Dialect::GitLab) {
            int j = i + 1;
            const bool braced = j < text.size() && text.at(j) == u'{';
            if (braced)
                ++j;
            const int start = j;
            while (j < text.size() && (text.at(j).isLetterOrNumber() || text.at(j) == u'_'))
                ++j;
            t = {T::Var, text.mid(start, j - start)};
            if (braced) {
                if (j >= text.size() || text.at(j) != u'}') {
                    m_error = QStringLiteral("unterminated ${ in '%1'").arg(describe(text));
                    return false;
                }
                ++j;
            }
            i = j;
        } else if (c == u'\'' || c == u'"') {
            int j = i + 1;
            QString value;
            while (j < text.size() && text.at(j) != c) {
                // GitHub escapes a quote by doubling it: 'it''s'.
                value += text.at(j);
                ++j;
                if (m_dialect == Dialect::GitHub && c == u'\'' && j + 1 < text.size()
                    && text.at(j) == u'\'' && text.at(j + 1) == u'\'') {
                    value += u'\'';
                    j += 2;
                }
            }
            if (j >= text.size()) {
                m_error = QStringLiteral("unterminated string in '%1'").arg(describe(text));
                return false;
            }
            t = {T::String, value};
            i = j + 1;
        } else if (c == u'/' && lastIsMatchOp()) {
            int j = i + 1;
            QString value;
            while (j < text.size() && text.at(j) != u'/') {
                if (text.at(j) == u'\\' && j + 1 < text.size())
                    value += text.at(j++);
                value += text.at(j++);
            }
            if (j >= text.size()) {
                m_error = QStringLiteral("unterminated regular expression in '%1'")
                              .arg(describe(text));
                return false;
            }
            ++j;
            while (j < text.size() && text.at(j).isLetter())
                ++j; // flags such as /i
            t = {T::Regex, value};
            i = j;
        } else if (c.isDigit()) {
            int j = i;
            while (j < text.size() && (text.at(j).isLetterOrNumber() || text.at(j) == u'.'))
                ++j;
            t = {T::Number, text.mid(i, j - i)};
            i = j;
        } else if (c.isLetter() || c == u'_') {
            int j = i;
            while (j < text.size()
                   && (text.at(j).isLetterOrNumber() || text.at(j) == u'_' || text.at(j) == u'-'
                       || text.at(j) == u'.' || text.at(j) == u'*'))
                ++j;
            t = {T::Name, text.mid(i, j - i)};
            i = j;
        } else if (c == u'(') {
            t = {T::LParen, QStringLiteral("(")};
            ++i;
        } else if (c == u')') {
            t = {T::RParen, QStringLiteral(")")};
            ++i;
        } else if (c == u',') {
            t = {T::Comma, QStringLiteral(",")};
            ++i;
        } else {
            static const QStringList ops = {
                QStringLiteral("=="), QStringLiteral("!="), QStringLiteral("=~"),
                QStringLiteral("!~"), QStringLiteral("&&"), QStringLiteral("||"),
                QStringLiteral("<="), QStringLiteral(">="), QStringLiteral("!"),
                QStringLiteral("<"),  QStringLiteral(">"),
            };
            bool found = false;
            for (const QString &op : ops) {
                if (QStringView(text).mid(i).startsWith(op)) {
                    t = {T::Op, op};
                    i += int(op.size());
                    found = true;
                    break;
                }
            }
            if (!found) {
                m_error = QStringLiteral("unexpected '%1' in '%2'").arg(c).arg(describe(text));
                return false;
            }
        }
        m_tokens.append(t);
    }
    m_tokens.append(Token{});
    return true;
}

std::optional<ConditionExpr> CiExpressionParser::untranslatable(const QString &why)
{
    if (m_error.isEmpty())
        m_error = why;
    return std::nullopt;
}

std::optional<ConditionExpr> CiExpressionParser::parse(const QString &text)
{
    m_error.clear();
    m_pos = 0;
    m_depth = 0;
    if (!tokenize(text))
        return std::nullopt;
    if (tok().type == Token::Type::End)
        return ConditionExpr::always();
    std::optional<ConditionExpr> result = parseOr();
    if (result && tok().type != Token::Type::End)
        return untranslatable(
            QStringLiteral("unexpected '%1' in '%2'").arg(tok().text, describe(text)));
    return result;
}

std::optional<ConditionExpr> CiExpressionParser::parseOr()
{
    QList<ConditionExpr> parts;
    while (true) {
        std::optional<ConditionExpr> e = parseAnd();
        if (!e)
            return std::nullopt;
        parts.append(*e);
        if (tok().type == Token::Type::Op && tok().text == u"||") {
            ++m_pos;
            continue;
        }
        break;
    }
    return parts.size() == 1 ? parts.first() : ConditionExpr::anyOf(parts);
}

std::optional<ConditionExpr> CiExpressionParser::parseAnd()
{
    QList<ConditionExpr> parts;
    while (true) {
        std::optional<ConditionExpr> e = parseUnary();
        if (!e)
            return std::nullopt;
        parts.append(*e);
        if (tok().type == Token::Type::Op && tok().text == u"&&") {
            ++m_pos;
            continue;
        }
        break;
    }
    return parts.size() == 1 ? parts.first() : ConditionExpr::allOf(parts);
}

std::optional<ConditionExpr> CiExpressionParser::parseUnary()
{
    if (tok().type == Token::Type::Op && tok().text == u"!") {
        ++m_pos;
        if (++m_depth > MaxDepth)
            return untranslatable(QStringLiteral("expression nested too deeply"));
        std::optional<ConditionExpr> inner = parseUnary();
        --m_depth;
        if (!inner)
            return std::nullopt;
        return ConditionExpr::negate(*inner);
    }
    return parsePrimary();
}

std::optional<ConditionExpr> CiExpressionParser::parsePrimary()
{
    if (tok().type == Token::Type::LParen) {
        ++m_pos;
        if (++m_depth > MaxDepth)
            return untranslatable(QStringLiteral("expression nested too deeply"));
        std::optional<ConditionExpr> inner = parseOr();
        --m_depth;
        if (tok().type != Token::Type::RParen)
            return untranslatable(QStringLiteral("missing ')'"));
        ++m_pos;
        return inner;
    }
    std::optional<Operand> lhs = parseOperand();
    if (!lhs)
        return std::nullopt;
    if (tok().type == Token::Type::Op && tok().text != u"&&" && tok().text != u"||"
        && tok().text != u"!") {
        const QString op = tok().text;
        ++m_pos;
        std::optional<Operand> rhs = parseOperand();
        if (!rhs)
            return std::nullopt;
        return comparison(*lhs, op, *rhs);
    }
    return bare(*lhs);
}

std::optional<CiExpressionParser::Operand> CiExpressionParser::parseOperand()
{
    using T = Token::Type;
    const Token t = tok();
    if (t.type == T::Var || t.type == T::String || t.type == T::Regex || t.type == T::Number) {
        ++m_pos;
        return Operand{t.type, t.text, {}, false};
    }
    if (t.type == T::Name) {
        ++m_pos;
        Operand o{T::Name, t.text, {}, false};
        if (tok().type == T::LParen) {
            ++m_pos;
            o.isCall = true;
            while (tok().type != T::RParen) {
                if (tok().type == T::End) {
                    untranslatable(QStringLiteral("missing ')' after %1(").arg(t.text));
                    return std::nullopt;
                }
                if (++m_depth > MaxDepth) {
                    untranslatable(QStringLiteral("expression nested too deeply"));
                    return std::nullopt;
                }
                std::optional<Operand> arg = parseOperand();
                --m_depth;
                if (!arg)
                    return std::nullopt;
                o.args.append(*arg);
                if (tok().type == T::Comma)
                    ++m_pos;
            }
            ++m_pos;
        }
        return o;
    }
    untranslatable(t.type == T::End ? QStringLiteral("incomplete expression")
                                    : QStringLiteral("unexpected '%1'").arg(t.text));
    if (t.type != T::End)
        ++m_pos;
    return std::nullopt;
}

QString CiExpressionParser::branchVariable(const Operand &o) const
{
    if (m_dialect == Dialect::GitLab && o.type == Token::Type::Var
        && (o.text == u"CI_COMMIT_BRANCH" || o.text == u"CI_COMMIT_REF_NAME"))
        return QStringLiteral("name");
    if (m_dialect == Dialect::GitHub && o.type == Token::Type::Name && !o.isCall) {
        if (o.text == u"github.ref_name")
            return QStringLiteral("name");
        if (o.text == u"github.ref")
            return QStringLiteral("ref");
    }
    return {};
}

std::optional<ConditionExpr> CiExpressionParser::comparison(const Operand &lhsIn,
                                                            const QString &op,
                                                            const Operand &rhsIn)
{
    using T = Token::Type;
    Operand lhs = lhsIn;
    Operand rhs = rhsIn;
    const auto isLiteral = [](const Operand &o) {
        return o.type == T::String || o.type == T::Regex || o.type == T::Number
               || (o.type == T::Name && !o.isCall
                   && (o.text == u"null" || o.text == u"true" || o.text == u"false"));
    };
    if (isLiteral(lhs) && !isLiteral(rhs))
        std::swap(lhs, rhs);
    const QString shown = (lhs.type == T::Var ? QStringLiteral("$") : QString()) + lhs.text;
    if (!isLiteral(rhs))
        return untranslatable(QStringLiteral("comparing %1 with %2 (only comparisons with "
                                             "literal values translate)")
                                  .arg(shown, rhs.text));
    const QString value = rhs.text == u"null" && rhs.type == T::Name ? QString() : rhs.text;
    const bool match = op == u"=~" || op == u"!~";
    const bool positive = op == u"==" || op == u"=~";
    if (op != u"==" && op != u"!=" && !match)
        return untranslatable(QStringLiteral("the operator '%1'").arg(op));
    if (match != (rhs.type == T::Regex))
        return untranslatable(QStringLiteral("'%1' with a %2").arg(
            op, match ? QStringLiteral("string") : QStringLiteral("regular expression")));

    const QString branchKind = branchVariable(lhs);
    if (!branchKind.isEmpty()) {
        QString glob;
        if (match) {
            glob = regexToGlob(value);
            if (glob.isEmpty())
                return untranslatable(
                    QStringLiteral("the branch regular expression /%1/ is not a plain prefix")
                        .arg(value));
        } else if (branchKind == u"ref") {
            if (!value.startsWith(QStringLiteral("refs/heads/")))
                return untranslatable(QStringLiteral("github.ref compared with '%1', which is "
                                                     "not a branch")
                                          .arg(value));
            glob = value.mid(11);
        } else {
            glob = value;
        }
        const ConditionExpr b = ConditionExpr::branch(glob);
        return positive ? b : ConditionExpr::negate(b);
    }
    if (match)
        return untranslatable(
            QStringLiteral("regular expression match on %1").arg(shown));

    // Pipewright builds no merge/pull requests: conditions that require one never hold.
    const bool requestEvent =
        (m_dialect == Dialect::GitLab && lhs.type == T::Var && lhs.text == u"CI_PIPELINE_SOURCE"
         && (value == u"merge_request_event" || value == u"external_pull_request_event"))
        || (m_dialect == Dialect::GitHub && lhs.type == T::Name && lhs.text == u"github.event_name"
            && (value == u"pull_request" || value == u"pull_request_target"));
    if (requestEvent)
        return positive ? ConditionExpr::never() : ConditionExpr::always();
    if (m_dialect == Dialect::GitLab && lhs.type == T::Var) {
        if (lhs.text.startsWith(QStringLiteral("CI_"))
            || lhs.text.startsWith(QStringLiteral("GITLAB_")))
            return untranslatable(QStringLiteral("$%1 has no Pipewright equivalent")
                .arg(lhs.text));
        return ConditionExpr::compare(QStringLiteral("env.") + lhs.text, positive, value);
    }
    if (m_dialect == Dialect::GitHub && lhs.type == T::Name && !lhs.isCall) {
        if (lhs.text.startsWith(QStringLiteral("env.")))
            return ConditionExpr::compare(lhs.text, positive, value);
        const QStringList parts = lhs.text.split(u'.');
        if (parts.size() == 3 && parts.at(0) == u"needs" && parts.at(2) == u"result") {
            const QString id = m_resolveJob ? m_resolveJob(parts.at(1)) : parts.at(1);
            if (id.isEmpty())
                return untranslatable(QStringLiteral("needs.%1: unknown job").arg(parts.at(1)));
            static const QHash<QString, QString> results = {
                {QStringLiteral("success"), QStringLiteral("succeeded")},
                {QStringLiteral("failure"), QStringLiteral("failed")},
                {QStringLiteral("cancelled"), QStringLiteral("cancelled")},
                {QStringLiteral("skipped"), QStringLiteral("skipped")},
            };
            if (!results.contains(value))
                return untranslatable(QStringLiteral("the job result '%1'").arg(value));
            return ConditionExpr::compare(QStringLiteral("stages.%1.result").arg(id), positive,
                                          results.value(value));
        }
    }
    return untranslatable(QStringLiteral("%1 has no Pipewright equivalent").arg(shown));
}

std::optional<ConditionExpr> CiExpressionParser::bare(const Operand &o)
{
    using T = Token::Type;
    if (o.type == T::Name && o.isCall)
        return call(o);
    if (o.type == T::Name && o.text == u"true")
        return ConditionExpr::always();
    if (o.type == T::Name && o.text == u"false")
        return ConditionExpr::never();
    if (m_dialect == Dialect::GitLab && o.type == T::Var) {
        if (o.text.startsWith(QStringLiteral("CI_"))
            || o.text.startsWith(QStringLiteral("GITLAB_")))
            return untranslatable(QStringLiteral("$%1 has no Pipewright equivalent").arg(o.text));
        // A bare `$VAR` is true when the variable is set and not empty.
        return ConditionExpr::compare(QStringLiteral("env.") + o.text, false, QString());
    }
    if (m_dialect == Dialect::GitHub && o.type == T::Name
        && o.text.startsWith(QStringLiteral("env.")))
        return ConditionExpr::compare(o.text, false, QString());
    return untranslatable(QStringLiteral("'%1' has no Pipewright equivalent").arg(o.text));
}

std::optional<ConditionExpr> CiExpressionParser::call(const Operand &o)
{
    using T = Token::Type;
    if (m_dialect == Dialect::GitHub) {
        if (o.text == u"success" && o.args.isEmpty())
            return ConditionExpr::status(WhenSpec::Status::Success);
        if (o.text == u"always" && o.args.isEmpty())
            return ConditionExpr::status(WhenSpec::Status::Always);
        if (o.text == u"failure" && o.args.isEmpty())
            return ConditionExpr::status(WhenSpec::Status::Failure);
        if (o.text == u"startsWith" && o.args.size() == 2 && o.args.at(1).type == T::String) {
            const QString kind = branchVariable(o.args.at(0));
            QString prefix = o.args.at(1).text;
            if (kind == u"ref" && prefix.startsWith(QStringLiteral("refs/heads/")))
                return ConditionExpr::branch(prefix.mid(11) + u'*');
            if (kind == u"name")
                return ConditionExpr::branch(prefix + u'*');
        }
    }
    return untranslatable(QStringLiteral("the function %1()").arg(o.text));
}

} // namespace pw::core
