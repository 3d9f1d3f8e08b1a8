#pragma once

#include "../pipeline.h"

#include <QList>
#include <QString>

namespace pw::core {

// A run condition read from a foreign CI file (Jenkins `when`, GitHub `if`, GitLab `rules`),
// in a neutral form the importers build and then turn into a WhenSpec: a set of branch globs
// AND a WhenExpression AND a status. Anything that does not fit is reported, not guessed.
class ConditionExpr
{
public:
    enum class Kind { True, False, Branch, Compare, Status, Not, And, Or };

    static ConditionExpr always() { return ConditionExpr(Kind::True); }
    static ConditionExpr never() { return ConditionExpr(Kind::False); }
    static ConditionExpr branch(const QString &glob);
    // name is a WhenExpression name (`env.X`, `stages.ID.result`); equal false means !=.
    static ConditionExpr compare(const QString &name, bool equal, const QString &value);
    static ConditionExpr status(WhenSpec::Status status);
    static ConditionExpr negate(const ConditionExpr &e);
    static ConditionExpr allOf(const QList<ConditionExpr> &parts);
    static ConditionExpr anyOf(const QList<ConditionExpr> &parts);

    Kind kind() const { return m_kind; }
    bool isTrue() const { return m_kind == Kind::True; }
    bool isFalse() const { return m_kind == Kind::False; }
    // True when the condition can never hold, e.g. it only allows pull requests.
    bool isNeverTrue() const { return simplified().isFalse(); }

    // Sets when.branches / when.expression / when.status. False (and *why) when the condition
    // has no equivalent, e.g. a branch glob under a negation; `when` is untouched then.
    bool applyTo(WhenSpec &when, QString *why) const;

private:
    explicit ConditionExpr(Kind kind)
        : m_kind(kind)
    {
    }
    ConditionExpr simplified() const;
    bool render(QString *out, QString *why, bool nested) const;
    bool isBranchSet(QStringList *globs) const;

    Kind m_kind;
    QString m_name;  // Branch: glob; Compare: name
    QString m_value; // Compare: literal
    bool m_equal = true;
    WhenSpec::Status m_status = WhenSpec::Status::Success;
    QList<ConditionExpr> m_children;
};

} // namespace pw::core
