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

QString oneLine(QString text)
{
    return text.replace(QLatin1Char('\n'), QLatin1Char(' ')).simplified();
}

QString memoryLimit(const QJsonObject &pod, const QString &container)
{
    for (const char *key : {"initContainers", "containers"}) {
        for (const QJsonValue &v : obj(pod, "spec").value(QLatin1String(key)).toArray()) {
            const QJsonObject c = v.toObject();
            if (str(c, "name") == container)
                return str(obj(obj(c, "resources"), "limits"), "memory");
        }
    }
    return {};
}

QString restarts(const QJsonObject &cs)
{
    const int n = cs.value(QStringLiteral("restartCount")).toInt();
    return n == 1 ? QStringLiteral("restarted once") : QStringLiteral("restarted %1 times").arg(n);
}

} // namespace

QString RolloutDiagnostics::containerProblem(const QJsonObject &pod, const QJsonObject &cs)
{
    const QString who = QStringLiteral("pod/%1 container %2: ")
                            .arg(str(obj(pod, "metadata"), "name"), str(cs, "name"));
    const QJsonObject waiting = obj(obj(cs, "state"), "waiting");
    const QString reason = str(waiting, "reason");
    // The image: kubelet retries ErrImagePull with a back-off, and the message names the
    // registry's or the runtime's answer ("not found", "connection refused", "unauthorized").
    if (reason == QLatin1String("ErrImagePull") || reason == QLatin1String("ImagePullBackOff")
        || reason == QLatin1String("InvalidImageName")
        || reason == QLatin1String("ErrImageNeverPull")) {
        QString image = str(cs, "image");
        for (const QJsonValue &v : obj(pod, "spec").value(QStringLiteral("containers")).toArray())
            if (str(v.toObject(), "name") == str(cs, "name"))
                image = str(v.toObject(), "image");
        return who + QStringLiteral("cannot pull image %1 (%2): %3")
                         .arg(image, reason, oneLine(str(waiting, "message")));
    }
    // OOMKilled shows as the current state while the container is down, and as the last
    // state once CrashLoopBackOff waits to restart it.
    const QJsonObject now = obj(obj(cs, "state"), "terminated");
    const QJsonObject last = obj(obj(cs, "lastState"), "terminated");
    const QJsonObject ended = !now.isEmpty() ? now : last;
    if (str(ended, "reason") == QLatin1String("OOMKilled")) {
        const QString limit = memoryLimit(pod, str(cs, "name"));
        return who
               + QStringLiteral("OOMKilled: killed for using more than its memory %1 (exit code "
                                "%2, %3)")
                     .arg(limit.isEmpty() ? QStringLiteral("(no limit set: the node ran out)")
                                          : QStringLiteral("limit ") + limit)
                     .arg(ended.value(QStringLiteral("exitCode")).toInt())
                     .arg(restarts(cs));
    }
    // A crash loop: kubelet shows the container as waiting (CrashLoopBackOff) during each
    // back-off and as terminated between a restart and the next back-off; both are the loop
    // once it has restarted.
    const bool failedExit = !ended.isEmpty() && ended.value(QStringLiteral("exitCode")).toInt() != 0;
    const bool restarted = cs.value(QStringLiteral("restartCount")).toInt() > 0;
    if (reason == QLatin1String("CrashLoopBackOff") || (failedExit && restarted)) {
        QString line = who + QStringLiteral("CrashLoopBackOff: ");
        if (ended.isEmpty())
            return line + QStringLiteral("keeps exiting (%1)").arg(restarts(cs));
        line += QStringLiteral("exits with code %1").arg(ended.value(QStringLiteral("exitCode")).toInt());
        if (!str(ended, "reason").isEmpty() && str(ended, "reason") != QLatin1String("Error"))
            line += QStringLiteral(" (%1)").arg(str(ended, "reason"));
        line += QStringLiteral(", %1").arg(restarts(cs));
        if (!str(ended, "message").isEmpty())
            line += QStringLiteral(": ") + oneLine(str(ended, "message"));
        return line;
    }
    return {};
}

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
        // A container's own one-line problem first: it is what the step's message quotes.
        QStringList podLines;
        for (const QJsonValue &cv : status.value(QStringLiteral("conditions")).toArray()) {
            const QJsonObject c = cv.toObject();
            if (str(c, "status") == QLatin1String("False") && !str(c, "reason").isEmpty())
                podLines << QStringLiteral("pod/%1: %2 (%3): %4")
                                .arg(name, str(c, "reason"), str(c, "type"), str(c, "message"));
        }
        for (const char *key : {"initContainerStatuses", "containerStatuses"}) {
            for (const QJsonValue &cv : status.value(QLatin1String(key)).toArray()) {
                const QJsonObject cs = cv.toObject();
                const QString problem = containerProblem(pod, cs);
                if (!problem.isEmpty()) {
                    lines << problem;
                    continue;
                }
                const QJsonObject state = obj(cs, "state");
                for (const char *s : {"waiting", "terminated"}) {
                    const QJsonObject w = obj(state, s);
                    if (!str(w, "reason").isEmpty())
                        podLines << QStringLiteral("pod/%1 container %2: %3: %4")
                                        .arg(name, str(cs, "name"), str(w, "reason"),
                                             str(w, "message"));
                }
            }
        }
        lines << podLines;
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
