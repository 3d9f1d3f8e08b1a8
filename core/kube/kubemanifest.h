#pragma once

#include <QJsonObject>
#include <QString>

namespace pw::core {

// One object of a manifest file, with where it came from for messages.
struct KubeManifest
{
    QJsonObject object;
    QString file;
    int line = 0;
    int column = 0;

    QString location() const { return QStringLiteral("%1:%2:%3").arg(file).arg(line).arg(column); }
    QString kind() const { return object.value(QStringLiteral("kind")).toString(); }
    QString name() const
    {
        return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name"))
            .toString();
    }
};

} // namespace pw::core
