#pragma once

#include "../diagnostic.h"

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace pw::core {

// A plain, owned copy of one YAML node with its source position, as YamlDocument builds it:
// aliases expanded (within a budget) and `<<` merge keys applied, which yaml-cpp leaves to us.
// Importers read foreign CI files through it.
struct YamlNode
{
    enum class Type { Null, Scalar, Sequence, Map };

    Type type = Type::Null;
    QString scalar;
    QString tag; // a custom tag such as "!reference"; empty otherwise
    std::vector<YamlNode> items;            // Sequence
    std::vector<QString> keys;              // Map, in file order
    std::vector<SourceLocation> keyLocations;
    std::vector<YamlNode> values;
    SourceLocation location;
    qint64 offset = -1; // byte offset of the node in the source

    bool isNull() const { return type == Type::Null; }
    bool isScalar() const { return type == Type::Scalar; }
    bool isSequence() const { return type == Type::Sequence; }
    bool isMap() const { return type == Type::Map; }

    const YamlNode *value(const QString &key) const;
    bool contains(const QString &key) const { return value(key) != nullptr; }
    SourceLocation keyLocation(const QString &key) const;
    // The scalar of `key`, or fallback when absent or not a scalar.
    QString string(const QString &key, const QString &fallback = {}) const;
    // A scalar as one item, a sequence of scalars as its items; nothing for maps.
    QStringList stringList() const;
    std::optional<bool> toBool() const;
    std::optional<qint64> toInt() const;
    // Sets or replaces an entry (used when resolving `extends` and `!reference`).
    void set(const QString &key, const YamlNode &node, SourceLocation keyLocation = {});
    void remove(const QString &key);
};

} // namespace pw::core
