#include "whenexpression.h"

#include <QList>

namespace pw::core {

struct WhenExpression::Node
{
    enum class Kind { Or, And, Not, Equal, NotEqual, Name, Literal, True };
    Kind kind = Kind::True;
    QString text; // name or literal
    std::unique_ptr<Node> left;
    std::unique_ptr<Node> right;
};

WhenExpression::~WhenExpression() = default;

namespace {

// Recursive-descent parser over the characters of the expression:
//   or := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | primary
//   primary := '(' or ')' | operand (('=='|'!=') operand)?
//   operand := name | 'literal' | "literal" | true | false
class Parser
{
public:
    explicit Parser(const QString &text) : m_text(text) {}

    std::unique_ptr<WhenExpression::Node> parseAll()
    {
        auto node = parseOr();
        if (!node)
            return nullptr;
        skipSpace();
        if (m_pos < m_text.size())
            return fail(QStringLiteral("unexpected '%1'").arg(m_text.mid(m_pos, 8)));
        return node;
    }

    QString error;
    int errorColumn = 0;

private:
    using Node = WhenExpression::Node;

    std::unique_ptr<Node> fail(const QString &message)
    {
        if (error.isEmpty()) {
            error = message;
            errorColumn = m_pos + 1;
        }
        return nullptr;
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
    }

    bool accept(QStringView token)
    {
        skipSpace();
        if (QStringView(m_text).mid(m_pos).startsWith(token)) {
            m_pos += token.size();
            return true;
        }
        return false;
    }

    std::unique_ptr<Node> binary(Node::Kind kind, std::unique_ptr<Node> l, std::unique_ptr<Node> r)
    {
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->left = std::move(l);
        n->right = std::move(r);
        return n;
    }

    std::unique_ptr<Node> parseOr()
    {
        auto left = parseAnd();
        while (left && accept(u"||")) {
            auto right = parseAnd();
            if (!right)
                return nullptr;
            left = binary(Node::Kind::Or, std::move(left), std::move(right));
        }
        return left;
    }

    std::unique_ptr<Node> parseAnd()
    {
        auto left = parseUnary();
        while (left && accept(u"&&")) {
            auto right = parseUnary();
            if (!right)
                return nullptr;
            left = binary(Node::Kind::And, std::move(left), std::move(right));
        }
        return left;
    }

    std::unique_ptr<Node> parseUnary()
    {
        if (++m_depth > 200)
            return fail(QStringLiteral("expression nested too deeply"));
        std::unique_ptr<Node> result;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == u'!'
            && !(m_pos + 1 < m_text.size() && m_text[m_pos + 1] == u'=')) {
            ++m_pos;
            auto operand = parseUnary();
            if (operand)
                result = binary(Node::Kind::Not, std::move(operand), nullptr);
        } else {
            result = parsePrimary();
        }
        --m_depth;
        return result;
    }

    std::unique_ptr<Node> parsePrimary()
    {
        if (accept(u"(")) {
            auto inner = parseOr();
            if (!inner)
                return nullptr;
            if (!accept(u")"))
                return fail(QStringLiteral("expected ')'"));
            return inner;
        }
        auto left = parseOperand();
        if (!left)
            return nullptr;
        if (accept(u"=="))
            return comparison(Node::Kind::Equal, std::move(left));
        if (accept(u"!="))
            return comparison(Node::Kind::NotEqual, std::move(left));
        return left;
    }

    std::unique_ptr<Node> comparison(Node::Kind kind, std::unique_ptr<Node> left)
    {
        auto right = parseOperand();
        if (!right)
            return nullptr;
        return binary(kind, std::move(left), std::move(right));
    }

    std::unique_ptr<Node> parseOperand()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            return fail(QStringLiteral("expected a name or a quoted value"));
        const QChar c = m_text[m_pos];
        auto node = std::make_unique<Node>();
        if (c == u'\'' || c == u'"') {
            const int end = m_text.indexOf(c, m_pos + 1);
            if (end < 0)
                return fail(QStringLiteral("unterminated string"));
            node->kind = Node::Kind::Literal;
            node->text = m_text.mid(m_pos + 1, end - m_pos - 1);
            m_pos = end + 1;
            return node;
        }
        const int start = m_pos;
        while (m_pos < m_text.size()
               && (m_text[m_pos].isLetterOrNumber() || m_text[m_pos] == u'_'
                   || m_text[m_pos] == u'.' || m_text[m_pos] == u'-'))
            ++m_pos;
        if (m_pos == start)
            return fail(QStringLiteral("unexpected '%1'").arg(c));
        node->text = m_text.mid(start, m_pos - start);
        if (node->text == u"true" || node->text == u"false") {
            node->kind = Node::Kind::Literal;
            return node;
        }
        node->kind = Node::Kind::Name;
        return node;
    }

    QString m_text;
    int m_pos = 0;
    int m_depth = 0;
};

QString valueOf(const WhenExpression::Node &n, const WhenExpression::Resolver &resolve)
{
    return n.kind == WhenExpression::Node::Kind::Name ? resolve(n.text) : n.text;
}

bool truthy(const QString &value)
{
    return !value.isEmpty() && value != u"false" && value != u"0";
}

bool eval(const WhenExpression::Node &n, const WhenExpression::Resolver &resolve)
{
    using K = WhenExpression::Node::Kind;
    switch (n.kind) {
    case K::Or:
        return eval(*n.left, resolve) || eval(*n.right, resolve);
    case K::And:
        return eval(*n.left, resolve) && eval(*n.right, resolve);
    case K::Not:
        return !eval(*n.left, resolve);
    case K::Equal:
        return valueOf(*n.left, resolve) == valueOf(*n.right, resolve);
    case K::NotEqual:
        return valueOf(*n.left, resolve) != valueOf(*n.right, resolve);
    case K::Name:
    case K::Literal:
        return truthy(valueOf(n, resolve));
    case K::True:
        return true;
    }
    return false;
}

void collectNames(const WhenExpression::Node *n, QStringList *out)
{
    if (!n)
        return;
    if (n->kind == WhenExpression::Node::Kind::Name)
        out->append(n->text);
    collectNames(n->left.get(), out);
    collectNames(n->right.get(), out);
}

} // namespace

std::shared_ptr<WhenExpression> WhenExpression::parse(const QString &text, QString *error,
                                                      int *errorColumn)
{
    std::shared_ptr<WhenExpression> expr(new WhenExpression);
    if (text.trimmed().isEmpty()) {
        expr->m_root = std::make_unique<Node>();
        return expr;
    }
    Parser parser(text);
    expr->m_root = parser.parseAll();
    if (!expr->m_root) {
        if (error)
            *error = parser.error;
        if (errorColumn)
            *errorColumn = parser.errorColumn;
        return nullptr;
    }
    return expr;
}

bool WhenExpression::evaluate(const Resolver &resolve) const
{
    return eval(*m_root, resolve);
}

QStringList WhenExpression::referencedNames() const
{
    QStringList names;
    collectNames(m_root.get(), &names);
    return names;
}

} // namespace pw::core
