#pragma once

#include "yamlnode.h"

#include <QByteArray>
#include <optional>

namespace pw::core {

// Parses a foreign YAML file (GitHub workflow, .gitlab-ci.yml) with yaml-cpp into a YamlNode
// tree. yaml-cpp shares aliased nodes, so a file of nested aliases ("billion laughs") is tiny
// as text but huge as a tree: the copy has a node budget and a depth limit, and exceeding
// either is an error with a position, never a hang. Also applies YAML 1.1 `<<` merge keys.
class YamlDocument
{
public:
    static constexpr int MaxNodes = 200000;
    static constexpr int MaxDepth = 100;

    YamlDocument(const QByteArray &text, const QString &fileName);

    // The root node; nothing (and an error in diagnostics) when the text is not YAML.
    std::optional<YamlNode> parse(Diagnostics *diagnostics);

    // Where `needle` first occurs in the source at or after a node's offset, for warnings
    // about text inside a scalar (e.g. a `${{ }}` on the fifth line of a `run: |` block).
    SourceLocation locate(qint64 fromOffset, const QString &needle,
                          SourceLocation fallback) const;

private:
    QByteArray m_text;
    QString m_fileName;
};

} // namespace pw::core
