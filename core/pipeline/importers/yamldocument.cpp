#include "yamldocument.h"

#include <yaml-cpp/yaml.h>

#include <string>

namespace pw::core {

namespace {

SourceLocation toLocation(const YAML::Mark &mark)
{
    if (mark.line < 0)
        return {};
    return {mark.line + 1, mark.column + 1};
}

struct BudgetExceeded
{
    SourceLocation location;
    QString message;
};

// Copies a yaml-cpp node into a YamlNode. Throws BudgetExceeded on too many nodes or depth.
class NodeCopier
{
public:
    YamlNode copy(const YAML::Node &node, int depth)
    {
        const SourceLocation loc = toLocation(node.Mark());
        if (++m_count > YamlDocument::MaxNodes) {
            throw BudgetExceeded{loc, QStringLiteral("the document expands to more than %1 "
                                                     "nodes (nested aliases?); giving up")
                                          .arg(YamlDocument::MaxNodes)};
        }
        if (depth > YamlDocument::MaxDepth) {
            throw BudgetExceeded{loc, QStringLiteral("the document nests more than %1 levels "
                                                     "deep")
                                          .arg(YamlDocument::MaxDepth)};
        }
        YamlNode out;
        out.location = loc;
        out.offset = node.Mark().pos;
        const std::string &tag = node.Tag();
        if (tag.size() > 1 && tag[0] == '!')
            out.tag = QString::fromStdString(tag);
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            out.type = YamlNode::Type::Null;
            break;
        case YAML::NodeType::Scalar:
            out.type = YamlNode::Type::Scalar;
            out.scalar = QString::fromStdString(node.Scalar());
            break;
        case YAML::NodeType::Sequence:
            out.type = YamlNode::Type::Sequence;
            for (const YAML::Node &item : node)
                out.items.push_back(copy(item, depth + 1));
            break;
        case YAML::NodeType::Map:
            out.type = YamlNode::Type::Map;
            copyMap(node, out, depth);
            break;
        }
        return out;
    }

private:
    void copyMap(const YAML::Node &node, YamlNode &out, int depth)
    {
        std::vector<YamlNode> merges;
        for (auto it = node.begin(); it != node.end(); ++it) {
            // Copies, not references: GCC 12 sees dangling temporaries in yaml-cpp's iterator.
            const YAML::Node key = it->first;
            const YAML::Node value = it->second;
            const QString keyText = key.IsScalar() ? QString::fromStdString(key.Scalar())
                                                   : QStringLiteral("?");
            // A quoted "<<" is an ordinary key; only the plain one means "merge".
            if (keyText == u"<<" && key.Tag() != "!") {
                YamlNode source = copy(value, depth + 1);
                if (source.isMap()) {
                    merges.push_back(std::move(source));
                } else {
                    for (YamlNode &item : source.items) {
                        if (item.isMap())
                            merges.push_back(std::move(item));
                    }
                }
                continue;
            }
            if (out.contains(keyText))
                continue; // duplicate key: YAML forbids it; keep the first like most tools
            out.keys.push_back(keyText);
            out.keyLocations.push_back(toLocation(key.Mark()));
            out.values.push_back(copy(value, depth + 1));
        }
        // Explicit keys win over merged ones; among several merged maps the first wins.
        for (const YamlNode &source : merges) {
            for (size_t i = 0; i < source.keys.size(); ++i) {
                if (out.contains(source.keys[i]))
                    continue;
                out.keys.push_back(source.keys[i]);
                out.keyLocations.push_back(source.keyLocations[i]);
                out.values.push_back(source.values[i]);
            }
        }
    }

    int m_count = 0;
};

} // namespace

YamlDocument::YamlDocument(const QByteArray &text, const QString &fileName)
    : m_text(text)
    , m_fileName(fileName)
{
}

std::optional<YamlNode> YamlDocument::parse(Diagnostics *diagnostics)
{
    try {
        const YAML::Node root = YAML::Load(m_text.toStdString());
        NodeCopier copier;
        return copier.copy(root, 0);
    } catch (const YAML::Exception &e) {
        QString message = QString::fromStdString(e.msg);
        if (!message.isEmpty())
            message[0] = message[0].toLower();
        SourceLocation loc = toLocation(e.mark);
        if (!loc.isValid())
            loc = {1, 1};
        diagnostics->append(Diagnostic::error(
            m_fileName, loc, QStringLiteral("malformed YAML: %1").arg(message)));
    } catch (const BudgetExceeded &e) {
        diagnostics->append(Diagnostic::error(m_fileName, e.location, e.message));
    }
    return std::nullopt;
}

SourceLocation YamlDocument::locate(qint64 fromOffset, const QString &needle,
                                    SourceLocation fallback) const
{
    if (fromOffset < 0)
        return fallback;
    const qsizetype at = m_text.indexOf(needle.toUtf8(), fromOffset);
    if (at < 0)
        return fallback;
    const int line = int(m_text.left(at).count('\n')) + 1;
    const qsizetype lineStart = m_text.lastIndexOf('\n', at - 1) + 1;
    return {line, int(at - lineStart) + 1};
}

} // namespace pw::core
