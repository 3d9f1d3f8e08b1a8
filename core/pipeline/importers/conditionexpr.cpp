#include "conditionexpr.h"

#include "../whenexpression.h"

namespace pw::core {

namespace {

bool isGlob(const QString &s)
{
    return s.contains(u'*') || s.contains(u'?') || s.contains(u'[');
}

QString quoted(const QString &value, bool *ok)
{
    *ok = !value.contains(u'\'') && !value.contains(u'\\');
    return u'\'' + value + u'\'';
}

} // namespace

ConditionExpr ConditionExpr::branch(const QString &glob)
{
    ConditionExpr e(Kind::Branch);
    e.m_name = glob;
    return e;
}

ConditionExpr ConditionExpr::compare(const QString &name, bool equal, const QString &value)
{
    ConditionExpr e(Kind::Compare);
    e.m_name = name;
    e.m_equal = equal;
    e.m_value = value;
    return e;
}

ConditionExpr ConditionExpr::status(WhenSpec::Status status)
{
    ConditionExpr e(Kind::Status);
    e.m_status = status;
    return e;
}

ConditionExpr ConditionExpr::negate(const ConditionExpr &inner)
{
    ConditionExpr e(Kind::Not);
    e.m_children = {inner};
    return e;
}

ConditionExpr ConditionExpr::allOf(const QList<ConditionExpr> &parts)
{
    ConditionExpr e(Kind::And);
    e.m_children = parts;
    return e;
}

ConditionExpr ConditionExpr::anyOf(const QList<ConditionExpr> &parts)
{
    ConditionExpr e(Kind::Or);
    e.m_children = parts;
    return e;
}

ConditionExpr ConditionExpr::simplified() const
{
    switch (m_kind) {
    case Kind::Not: {
        const ConditionExpr inner = m_children.first().simplified();
        if (inner.isTrue())
            return never();
        if (inner.isFalse())
            return always();
        if (inner.m_kind == Kind::Not)
            return inner.m_children.first();
        if (inner.m_kind == Kind::Compare) {
            ConditionExpr flipped = inner;
            flipped.m_equal = !inner.m_equal;
            return flipped;
        }
        return negate(inner);
    }
    case Kind::And:
    case Kind::Or: {
        const bool isAnd = m_kind == Kind::And;
        QList<ConditionExpr> kept;
        for (const ConditionExpr &c : m_children) {
            const ConditionExpr s = c.simplified();
            if ((isAnd && s.isTrue()) || (!isAnd && s.isFalse()))
                continue;
            if ((isAnd && s.isFalse()) || (!isAnd && s.isTrue()))
                return s;
            if (s.m_kind == m_kind)
                kept += s.m_children; // flatten (a && (b && c))
            else
                kept.append(s);
        }
        if (kept.isEmpty())
            return isAnd ? always() : never();
        if (kept.size() == 1)
            return kept.first();
        ConditionExpr e(m_kind);
        e.m_children = kept;
        return e;
    }
    default:
        return *this;
    }
}

bool ConditionExpr::isBranchSet(QStringList *globs) const
{
    if (m_kind == Kind::Branch) {
        globs->append(m_name);
        return true;
    }
    if (m_kind != Kind::Or)
        return false;
    for (const ConditionExpr &c : m_children) {
        if (c.m_kind != Kind::Branch)
            return false;
        globs->append(c.m_name);
    }
    return true;
}

bool ConditionExpr::render(QString *out, QString *why, bool nested) const
{
    bool ok = true;
    switch (m_kind) {
    case Kind::True:
    case Kind::False:
        *why = QStringLiteral("a constant condition inside an expression");
        return false;
    case Kind::Status:
        *why = QStringLiteral("a status check (always/failure) combined with other conditions");
        return false;
    case Kind::Branch:
        if (isGlob(m_name)) {
            *why = QStringLiteral("the branch pattern '%1' is combined with other conditions "
                                  "in a way a branch list cannot express")
                       .arg(m_name);
            return false;
        }
        *out = QStringLiteral("branch == ") + quoted(m_name, &ok);
        break;
    case Kind::Compare:
        *out = m_name + (m_equal ? QStringLiteral(" == ") : QStringLiteral(" != "))
               + quoted(m_value, &ok);
        break;
    case Kind::Not: {
        QString inner;
        if (!m_children.first().render(&inner, why, true))
            return false;
        *out = QStringLiteral("!(") + inner + u')';
        return true;
    }
    case Kind::And:
    case Kind::Or: {
        QStringList parts;
        for (const ConditionExpr &c : m_children) {
            QString part;
            if (!c.render(&part, why, true))
                return false;
            parts << part;
        }
        *out = parts.join(m_kind == Kind::And ? QStringLiteral(" && ") : QStringLiteral(" || "));
        if (nested)
            *out = u'(' + *out + u')';
        return true;
    }
    }
    if (!ok)
        *why = QStringLiteral("a value with quotes or backslashes");
    return ok;
}

bool ConditionExpr::applyTo(WhenSpec &when, QString *why) const
{
    const ConditionExpr e = simplified();
    if (e.isTrue())
        return true;
    if (e.isFalse()) {
        *why = QStringLiteral("the condition is never true");
        return false;
    }
    const QList<ConditionExpr> conjuncts =
        e.m_kind == Kind::And ? e.m_children : QList<ConditionExpr>{e};
    QStringList branches;
    bool haveBranches = false;
    std::optional<WhenSpec::Status> status;
    QStringList expressionParts;
    for (const ConditionExpr &c : conjuncts) {
        QStringList globs;
        if (c.m_kind == Kind::Status && !status) {
            status = c.m_status;
            continue;
        }
        if (!haveBranches && when.branches.isEmpty() && c.isBranchSet(&globs)) {
            branches = globs;
            haveBranches = true;
            continue;
        }
        QString part;
        if (!c.render(&part, why, conjuncts.size() > 1))
            return false;
        expressionParts << part;
    }
    QString expression = expressionParts.join(QStringLiteral(" && "));
    if (!when.expression.isEmpty() && !expression.isEmpty())
        expression = u'(' + when.expression + QStringLiteral(") && ") + expression;
    else if (expression.isEmpty())
        expression = when.expression;
    if (!expression.isEmpty()) {
        QString error;
        int column = 0;
        if (!WhenExpression::parse(expression, &error, &column)) {
            *why = QStringLiteral("'%1' is not a valid when expression: %2")
                .arg(expression, error);
            return false;
        }
    }
    if (haveBranches)
        when.branches = branches;
    if (status)
        when.status = *status;
    when.expression = expression;
    return true;
}

} // namespace pw::core
