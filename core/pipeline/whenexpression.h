#pragma once

#include <QHash>
#include <QString>
#include <functional>
#include <memory>

namespace pw::core {

// The `when.expression` language of a stage: comparisons of names against string literals,
// joined with &&, || and !, with parentheses.
//   stages.test.result == 'succeeded' && (branch == 'main' || env.FORCE == '1')
// Names: `branch`, `env.NAME`, `stages.ID.result`, `trigger`. Unknown names are empty strings.
// Values are looked up through a callback; nothing is ever substituted into a shell command.
class WhenExpression
{
public:
    using Resolver = std::function<QString(const QString &name)>;

    // Parses text; on failure returns null and sets error and errorColumn (1-based).
    static std::shared_ptr<WhenExpression> parse(const QString &text, QString *error,
                                                 int *errorColumn);
    bool evaluate(const Resolver &resolve) const;
    QStringList referencedNames() const;

    struct Node;
    ~WhenExpression();

private:
    WhenExpression() = default;
    std::unique_ptr<Node> m_root;
};

} // namespace pw::core
