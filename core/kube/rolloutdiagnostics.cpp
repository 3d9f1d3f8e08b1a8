#include "rolloutdiagnostics.h"

#include "kubeclient.h"

#include <QJsonArray>
#include <QSet>
#include <QUrl>

namespace pw::core {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

} // namespace

QStringList RolloutDiagnostics::collect(const KubeClient &client, const QString &deployment,
                                        const QString &ns)
{
    QStringList lines;
    const QString apps = QStringLiteral("apps/v1");
    const KubeResult d = client.get(apps, QStringLiteral("Deployment"), deployment, ns);
    if (!d.ok) {
        lines << d.message;
        return lines;
    }
    for (const QJsonValue &v : obj(d.object, "status").value(QStringLiteral("conditions"))
                                   .toArray()) {
        const QJsonObject c = v.toObject();
        if (str(c, "status") != QLatin1String("True")
            || str(c, "reason") == QLatin1String("ProgressDeadlineExceeded"))
            lines << QStringLiteral("deployment/%1: %2=%3 %4: %5")
                         .arg(deployment, str(c, "type"), str(c, "status"), str(c, "reason"),
                              str(c, "message"));
    }
    QStringList selector;
    const QJsonObject labels = obj(obj(obj(d.object, "spec"), "selector"), "matchLabels");
    for (auto it = labels.begin(); it != labels.end(); ++it)
        selector << it.key() + u'=' + it.value().toString();
    QSet<QString> related{deployment};
    const KubeResult pods = client.list(
        QStringLiteral("v1"), QStringLiteral("Pod"), ns,
        QStringLiteral("labelSelector=")
            + QString::fromUtf8(QUrl::toPercentEncoding(selector.join(u','))));
    for (const QJsonValue &v : pods.object.value(QStringLiteral("items")).toArray()) {
        const QJsonObject pod = v.toObject();
        const QString name = str(obj(pod, "metadata"), "name");
        related.insert(name);
        for (const QJsonValue &o : obj(pod, "metadata").value(QStringLiteral("ownerReferences"))
                                       .toArray())
            related.insert(str(o.toObject(), "name"));
        const QJsonObject status = obj(pod, "status");
        for (const QJsonValue &cv : status.value(QStringLiteral("conditions")).toArray()) {
            const QJsonObject c = cv.toObject();
            if (str(c, "status") == QLatin1String("False") && !str(c, "reason").isEmpty())
                lines << QStringLiteral("pod/%1: %2 (%3): %4")
                             .arg(name, str(c, "reason"), str(c, "type"), str(c, "message"));
        }
        for (const char *key : {"initContainerStatuses", "containerStatuses"}) {
            for (const QJsonValue &cv : status.value(QLatin1String(key)).toArray()) {
                const QJsonObject cs = cv.toObject();
                const QJsonObject state = obj(cs, "state");
                for (const char *s : {"waiting", "terminated"}) {
                    const QJsonObject w = obj(state, s);
                    if (!str(w, "reason").isEmpty())
                        lines << QStringLiteral("pod/%1 container %2: %3: %4")
                                     .arg(name, str(cs, "name"), str(w, "reason"),
                                          str(w, "message"));
                }
            }
        }
    }
    const KubeResult events = client.list(QStringLiteral("v1"), QStringLiteral("Event"), ns);
    QSet<QString> seen;
    for (const QJsonValue &v : events.object.value(QStringLiteral("items")).toArray()) {
        const QJsonObject e = v.toObject();
        const QJsonObject involved = obj(e, "involvedObject");
        if (str(e, "type") != QLatin1String("Warning")
            || !related.contains(str(involved, "name")))
            continue;
        const QString line = QStringLiteral("event %1 %2/%3: %4")
                                 .arg(str(e, "reason"), str(involved, "kind").toLower(),
                                      str(involved, "name"), str(e, "message"));
        if (!seen.contains(line)) {
            seen.insert(line);
            lines << line;
        }
    }
    return lines;
}

} // namespace pw::core
