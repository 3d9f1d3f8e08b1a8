#pragma once

// What the blue/green tests share: their environment, waiting for a controller's answer,
// reading the Service back, and a tiny web app image for the smoke tests.

#include "kubetestplane.h"

#include "core/deploy/bluegreencontroller.h"
#include "core/docker/dockerclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace bgtest {

// "production" in `ns`: Deployments web-blue and web-green behind Service web:8080, two
// replicas each, no smoke test (most tests' images exist only as names: kwok runs no pods).
inline pw::core::EnvironmentSpec environment(const QString &ns)
{
    pw::core::EnvironmentSpec e;
    e.name = QStringLiteral("production");
    e.kubeNamespace = ns;
    e.app = QStringLiteral("web");
    e.service = QStringLiteral("web");
    e.port = 8080;
    e.replicas = 2;
    e.smoke = QStringLiteral("none");
    return e;
}

// A controller operation's answer.
struct Done
{
    bool finished = false;
    pw::core::BlueGreenController::Operation op = pw::core::BlueGreenController::Operation::None;
    bool ok = false;
    QString message;
    qint64 ms = 0; // from start() to finished()
};

inline Done await(pw::core::BlueGreenController &c, const std::function<void()> &start)
{
    QSignalSpy spy(&c, &pw::core::BlueGreenController::finished);
    QElapsedTimer clock;
    clock.start();
    start();
    Done d;
    if (!spy.wait(150000))
        return d;
    d.ms = clock.elapsed();
    d.finished = true;
    d.op = spy.first().at(0).value<pw::core::BlueGreenController::Operation>();
    d.ok = spy.first().at(1).toBool();
    d.message = spy.first().at(2).toString();
    return d;
}

inline QJsonObject service(const pw::core::KubeClient &client, const QString &ns,
                           const QString &name = QStringLiteral("web"))
{
    return client.get(QStringLiteral("v1"), QStringLiteral("Service"), name, ns).object;
}

// The colour the Service's selector picks.
inline QString live(const pw::core::KubeClient &client, const QString &ns,
                    const QString &name = QStringLiteral("web"))
{
    return service(client, ns, name)[u"spec"][u"selector"][u"colour"].toString();
}

// A web app: busybox httpd on :8080 (after an optional start delay) serving /healthz (unless
// built unhealthy) and /metrics.json with the given accuracy, built from the local base image
// pipewright/busybox:latest (scripts/docker-env.sh up) into `tag`.

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
