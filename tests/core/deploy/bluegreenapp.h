#pragma once

// A tiny web app for blue/green tests: busybox httpd on :8080 (after an optional start
// delay) serving /healthz (unless built unhealthy) and /metrics.json with the given accuracy, built from the local base
// image pipewright/busybox:latest (scripts/docker-env.sh up) into `tag`.

#include "core/docker/dockerclient.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

namespace bgtest {

inline bool buildApp(const QString &tag, bool healthy, const QString &accuracy, QString *error,
                     int startDelaySeconds = 0)
{
    pw::core::DockerClient docker;
    if (!docker.negotiate()) {
        *error = QStringLiteral("dockerd is needed (run scripts/docker-env.sh up): ")
                 + docker.errorMessage();
        return false;
    }
    if (!docker.inspectImage(QStringLiteral("pipewright/busybox:latest"), nullptr)) {
        *error = QStringLiteral("the base image pipewright/busybox:latest is missing: run "
                                "scripts/docker-env.sh up");
        return false;
    }
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("Dockerfile")));
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    f.write(QStringLiteral("FROM pipewright/busybox:latest\n"
                           "RUN mkdir -p /www && echo '{\"accuracy\": %1}' > /www/metrics.json%2\n"
                           "CMD [\"sh\", \"-c\", \"sleep %3; exec httpd -f -p 8080 -h /www\"]\n")
                .arg(accuracy,
                     healthy ? QStringLiteral(" && echo ok > /www/healthz") : QString())
                .arg(startDelaySeconds)
                .toUtf8());
    f.close();
    pw::core::DockerBuildOptions options;
    options.contextDir = dir.path();
    options.tags = {tag};
    options.labels.insert(QStringLiteral("pipewright-test"), QStringLiteral("bluegreen"));
    QString id;
    if (!docker.build(options, {}, &id)) {
        *error = QStringLiteral("building %1: %2").arg(tag, docker.errorMessage());
        return false;
    }
    return true;
}

// Smoke containers of an environment ("namespace.name") still present.
inline int smokeContainers(const QString &key)
{
    pw::core::DockerClient docker;
    QJsonArray list;
    if (!docker.negotiate()
        || !docker.listContainers(&list, QStringLiteral("pipewright.smoke.environment=") + key))
        return -1;
    return int(list.size());
}

} // namespace bgtest
