#pragma once

#include "dockerhost.h"

#include "core/http/httpendpoint.h"
#include "core/http/httprequest.h"
#include "core/http/httpresponse.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace pw::core {

struct DockerBuildOptions
{
    QString contextDir;
    QString dockerfile = QStringLiteral("Dockerfile"); // relative to the context
    QStringList tags;
    QMap<QString, QString> buildArgs;
    QMap<QString, QString> labels;
    QString target;
    bool noCache = false;
};

struct DockerContainerSpec
{
    QString name;              // empty: the daemon picks one
    QString image;
    QStringList cmd;           // empty: the image's default
    QStringList env;           // "K=V"
    QString workingDir;
    QString user;              // "uid:gid"; empty: the image's user
    QStringList binds;         // "/host:/container[:ro]"
    QStringList ports;         // "HOST:CONTAINER[/proto]" published on 127.0.0.1
    QMap<QString, QString> labels;
};

// A synchronous Docker Engine API client for worker threads and the command line (the GUI
// uses the step runners, which drive it off the GUI thread). Every URL carries the API
// version negotiated through /_ping. Calls return false with errorMessage() set; a cancel
// flag aborts whatever request is running. Not thread-safe: one client per thread.
class DockerClient
{
public:
    using LineSink = std::function<void(const QString &line)>;
    using OutputSink = std::function<void(int stream, const QByteArray &data)>; // 1 out, 2 err

    explicit DockerClient(const HttpEndpoint &endpoint);
    DockerClient(); // DOCKER_HOST & co. from the environment
    // An invalid host makes every call fail with its error (which names the value).
    explicit DockerClient(const DockerHost &host);

    void setCancelFlag(const std::atomic<bool> *cancel) { m_cancel = cancel; }
    const HttpEndpoint &endpoint() const { return m_endpoint; }
    QString errorMessage() const { return m_error; }
    HttpError lastError() const { return m_lastError; }
    int lastStatus() const { return m_lastStatus; }

    // HEAD /_ping; the version used afterwards is min(ours, the daemon's API-Version).
    bool negotiate();
    QString apiVersion() const { return m_apiVersion; }
    bool ping();
    bool version(QJsonObject *out);
    bool info(QJsonObject *out);

    bool build(const DockerBuildOptions &options, const LineSink &log, QString *imageId);
    bool tag(const QString &source, const QString &target);
    bool push(const QString &image, const LineSink &log, QString *digest);
    bool inspectImage(const QString &image, QJsonObject *out);
    bool listImages(QJsonArray *out, const QString &reference = {});
    bool removeImage(const QString &image, bool force = false);

    bool createContainer(const DockerContainerSpec &spec, QString *id);
    bool startContainer(const QString &id);
    // Follows stdout/stderr until the container stops (or the cancel flag is set).
    bool followLogs(const QString &id, const OutputSink &sink);
    bool waitContainer(const QString &id, int *exitCode);
    bool inspectContainer(const QString &id, QJsonObject *out);
    bool killContainer(const QString &id);
    bool removeContainer(const QString &id, bool force = true);
    bool listContainers(QJsonArray *out, const QString &labelFilter = {}, bool all = true);
    // Kills and removes every container carrying the label ("key" or "key=value"), e.g. a
    // run's service containers; returns how many were removed, -1 on error.
    int removeContainersWithLabel(const QString &labelFilter);

    // The message shown when the engine cannot be reached, naming the address and the fix.
    static QString unreachableMessage(const HttpEndpoint &endpoint, HttpError error,
                                      const QString &detail);

private:
    HttpResponse call(HttpRequest request,
                      const std::function<void(const QByteArray &)> &onChunk = {});
    bool fail(const HttpResponse &r, const QString &what);
    QString path(const QString &p) const;

    HttpEndpoint m_endpoint;
    QString m_hostError; // DockerHost::error() of a DOCKER_HOST that did not parse
    QString m_apiVersion;
    const std::atomic<bool> *m_cancel = nullptr;
    QString m_error;
    HttpError m_lastError = HttpError::None;
    int m_lastStatus = 0;
};

} // namespace pw::core
