#include "yamlnode.h"

namespace pw::core {

const YamlNode *YamlNode::value(const QString &key) const
{
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key)
            return &values[i];
    }
    return nullptr;
}

SourceLocation YamlNode::keyLocation(const QString &key) const
{
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key)
            return keyLocations[i];
    }
    return location;
}

QString YamlNode::string(const QString &key, const QString &fallback) const
{
    const YamlNode *v = value(key);
    return v && v->isScalar() ? v->scalar : fallback;
}

QStringList YamlNode::stringList() const
{
    if (isScalar())
        return {scalar};
    QStringList result;
    if (isSequence()) {
        for (const YamlNode &item : items) {
            if (item.isScalar())
                result << item.scalar;
        }
    }
    return result;
}

std::optional<bool> YamlNode::toBool() const
{
    if (!isScalar())
        return std::nullopt;
    const QString s = scalar.toLower();
    if (s == u"true" || s == u"yes" || s == u"on")
        return true;
    if (s == u"false" || s == u"no" || s == u"off")
        return false;
    return std::nullopt;
}

std::optional<qint64> YamlNode::toInt() const
{
    if (!isScalar())
        return std::nullopt;
    bool ok = false;
    const qint64 v = scalar.trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

void YamlNode::set(const QString &key, const YamlNode &node, SourceLocation keyLocation)
{
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key) {
            values[i] = node;
            return;
        }
    }
    type = Type::Map;
    keys.push_back(key);
    keyLocations.push_back(keyLocation.isValid() ? keyLocation : node.location);
    values.push_back(node);
}

void YamlNode::remove(const QString &key)
{
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key) {
            keys.erase(keys.begin() + qsizetype(i));
            keyLocations.erase(keyLocations.begin() + qsizetype(i));
            values.erase(values.begin() + qsizetype(i));
            return;
        }
    }
}

} // namespace pw::core
