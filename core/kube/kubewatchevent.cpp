#include "kubewatchevent.h"

#include <QJsonDocument>

namespace pw::core {

KubeWatchEvent KubeWatchEvent::fromLine(const QByteArray &line)
{
    KubeWatchEvent ev;
    if (line.trimmed().isEmpty())
        return ev;
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    if (!doc.isObject())
        return ev;
    const QJsonObject root = doc.object();
    const QString type = root.value(QStringLiteral("type")).toString();
    const QJsonObject obj = root.value(QStringLiteral("object")).toObject();
    if (type == QLatin1String("ERROR")) {
        ev.message = obj.value(QStringLiteral("message")).toString();
        const bool gone = obj.value(QStringLiteral("code")).toInt() == 410
            || obj.value(QStringLiteral("reason")).toString() == QLatin1String("Expired");
        ev.kind = gone ? Kind::Gone : Kind::Error;
        return ev;
    }
    ev.resourceVersion = obj.value(QStringLiteral("metadata"))
                             .toObject()
                             .value(QStringLiteral("resourceVersion"))
                             .toString();
    if (type == QLatin1String("BOOKMARK")) {
        ev.kind = Kind::Bookmark;
    } else if (type == QLatin1String("ADDED") || type == QLatin1String("MODIFIED")
               || type == QLatin1String("DELETED")) {
        ev.kind = Kind::Changed;
        ev.type = type;
        ev.object = obj;
    }
    return ev;
}

} // namespace pw::core
