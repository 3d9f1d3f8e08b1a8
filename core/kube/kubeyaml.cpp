#include "kubeyaml.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <sstream>

namespace pw::core {

namespace {

QJsonValue scalarValue(const YAML::Node &node)
{
    const QString text = QString::fromStdString(node.Scalar());
    // yaml-cpp tags quoted and block scalars "!": always strings.
    if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str")
        return text;
    static const QRegularExpression nullRe(QStringLiteral("^(~|null|Null|NULL|)$"));
    static const QRegularExpression trueRe(QStringLiteral("^(true|True|TRUE)$"));
    static const QRegularExpression falseRe(QStringLiteral("^(false|False|FALSE)$"));
    static const QRegularExpression intRe(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression floatRe(
        QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (nullRe.match(text).hasMatch())
        return QJsonValue(QJsonValue::Null);
    if (trueRe.match(text).hasMatch())
        return true;
    if (falseRe.match(text).hasMatch())
        return false;
    if (intRe.match(text).hasMatch()) {
        bool ok = false;
        const qlonglong v = text.toLongLong(&ok);
        if (ok)
            return QJsonValue(v);
    }
    if (floatRe.match(text).hasMatch())
        return text.toDouble();
    return text;
}

QJsonValue toJson(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        QJsonObject o;
        for (const auto &kv : node)
            o.insert(QString::fromStdString(kv.first.Scalar()), toJson(kv.second));
        return o;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray a;
        for (const auto &v : node)
            a.append(toJson(v));
        return a;
    }
    case YAML::NodeType::Scalar:
        return scalarValue(node);
    default:
        return QJsonValue(QJsonValue::Null);
    }
}

} // namespace

bool KubeYaml::parseAll(const QByteArray &text, const QString &name, QList<Document> *docs,
                        QString *error)
{
    try {
        std::istringstream in(text.toStdString());
        const std::vector<YAML::Node> nodes = YAML::LoadAll(in);
        for (const auto &n : nodes) {
            Document d;
            d.value = toJson(n);
            d.line = n.Mark().line + 1;
            d.column = n.Mark().column + 1;
            docs->append(d);
        }
        return true;
    } catch (const YAML::Exception &e) {
        *error = QStringLiteral("%1:%2:%3: %4")
                     .arg(name)
                     .arg(e.mark.line + 1)
                     .arg(e.mark.column + 1)
                     .arg(QString::fromStdString(e.msg));
        return false;
    }
}

} // namespace pw::core
