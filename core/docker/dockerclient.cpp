#include "dockerclient.h"

#include "buildcontexttar.h"
#include "dockercredentials.h"
#include "dockerhost.h"
#include "dockermessagestream.h"
#include "dockerstreamdemuxer.h"
#include "core/http/httpclient.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QUrl>
#include <QVersionNumber>

namespace pw::core {

namespace {

// The newest API this client speaks; the daemon's /_ping may lower it.
const QString kMaxApiVersion = QStringLiteral("1.41");

QString enc(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

QString jsonMap(const QMap<QString, QString> &map)
{
    QJsonObject o;
    for (auto it = map.begin(); it != map.end(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// "reg:5000/app:v1" → {"reg:5000/app", "v1"}; the tag defaults to "latest".
std::pair<QString, QString> splitReference(const QString &ref)
{
    const qsizetype colon = ref.lastIndexOf(QLatin1Char(':'));
    if (colon > ref.lastIndexOf(QLatin1Char('/')) && !ref.contains(QLatin1Char('@')))
        return {ref.left(colon), ref.mid(colon + 1)};
    return {ref, QStringLiteral("latest")};
}

} // namespace

DockerClient::DockerClient(const HttpEndpoint &endpoint) : m_endpoint(endpoint) {}

DockerClient::DockerClient() : DockerClient(DockerHost::fromEnvironment()) {}

DockerClient::DockerClient(const DockerHost &host)
    : m_endpoint(host.endpoint())
    , m_hostError(host.error())
{}

QString DockerClient::unreachableMessage(const HttpEndpoint &endpoint, HttpError error,
                                         const QString &detail)
{
    const QString where = endpoint.describe();
    switch (error) {
    case HttpError::NoSuchSocket:
    case HttpError::NotListening:
        return QStringLiteral("cannot reach the Docker engine: %1 — is dockerd running? "
                              "Start it (sudo systemctl start docker, or "
                              "scripts/docker-env.sh up) or point DOCKER_HOST at it")
            .arg(detail);
    case HttpError::PermissionDenied:
        return QStringLiteral("cannot reach the Docker engine: permission denied on %1 — "
                              "add your user to the docker group (sudo usermod -aG docker "
                              "$USER, then log in again)")
            .arg(where);
    case HttpError::Tls:
        return QStringLiteral("cannot reach the Docker engine: %1 — check DOCKER_CERT_PATH "
                              "(ca.pem, cert.pem, key.pem)")
            .arg(detail);
    default:
        return QStringLiteral("cannot reach the Docker engine at %1: %2").arg(where, detail);
    }
}

QString DockerClient::path(const QString &p) const
{
    return QStringLiteral("/v") + m_apiVersion + p;
}

HttpResponse DockerClient::call(HttpRequest request,
                                const std::function<void(const QByteArray &)> &onChunk)
{
    if (!m_hostError.isEmpty()) {
        // A DOCKER_HOST that does not parse reaches nothing: never a default engine instead.
        HttpResponse r;
        r.error = HttpError::Transport;
        r.message = m_hostError;
        m_lastError = r.error;
        return r;
    }
    HttpResponse r = HttpClient::perform(m_endpoint, request, onChunk, m_cancel);
    m_lastError = r.error;
    m_lastStatus = r.status;
    return r;
}

bool DockerClient::fail(const HttpResponse &r, const QString &what)
{
    m_lastError = r.error;
    switch (r.error) {
    case HttpError::None:
        return true;
    case HttpError::Http:
        m_error = what.isEmpty() ? r.message : what + QStringLiteral(": ") + r.message;
        break;
    case HttpError::Cancelled:
    case HttpError::BodySource:
        m_error = r.message;
        break;
    default:
        m_error = m_hostError.isEmpty() ? unreachableMessage(m_endpoint, r.error, r.message)
                                        : m_hostError;
        break;
    }
    return false;
}

bool DockerClient::negotiate()
{
    if (!m_apiVersion.isEmpty())
        return true;
    HttpRequest req;
    req.method = "HEAD";
    req.path = QStringLiteral("/_ping");
    req.timeoutMs = 15000;
    HttpResponse r = call(req);
    if (r.error == HttpError::Http && (r.status == 405 || r.status == 404)) {
        req.method = "GET"; // older daemons do not answer HEAD
        r = call(req);
    }
    if (!r.ok())
        return fail(r, QStringLiteral("ping"));
    const QString daemon = QString::fromLatin1(r.header("api-version"));
    // Without the header the daemon predates it: 1.24 is what the Go client assumes.
    const QString theirs = daemon.isEmpty() ? QStringLiteral("1.24") : daemon;
    m_apiVersion = QVersionNumber::fromString(theirs) < QVersionNumber::fromString(kMaxApiVersion)
        ? theirs
        : kMaxApiVersion;
    return true;
}

bool DockerClient::ping()
{
    m_apiVersion.clear();
    return negotiate();
}

bool DockerClient::version(QJsonObject *out)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.path = path(QStringLiteral("/version"));
    req.timeoutMs = 30000;
    const HttpResponse r = call(req);
    if (!r.ok())
        return fail(r, QStringLiteral("version"));
    *out = QJsonDocument::fromJson(r.body).object();
    return true;
}

bool DockerClient::info(QJsonObject *out)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.path = path(QStringLiteral("/info"));
    req.timeoutMs = 30000;
    const HttpResponse r = call(req);
    if (!r.ok())
        return fail(r, QStringLiteral("info"));
    *out = QJsonDocument::fromJson(r.body).object();
    return true;
}

bool DockerClient::build(const DockerBuildOptions &options, const LineSink &log, QString *imageId)
{
    const QString contextDir = QDir(options.contextDir).absolutePath();
    const QString dockerfile = options.dockerfile.isEmpty() ? QStringLiteral("Dockerfile")
                                                            : options.dockerfile;
    // The daemon reads the Dockerfile from the context, so it must be inside it.
    const QString dfPath = QDir::cleanPath(QDir(contextDir).filePath(dockerfile));
    const QString relDockerfile = QDir(contextDir).relativeFilePath(dfPath);
    if (!QFileInfo(contextDir).isDir()) {
        m_error = QStringLiteral("build context %1 does not exist or is not a directory")
                      .arg(contextDir);
        return false;
    }
    if (relDockerfile.startsWith(QStringLiteral("../"))) {
        m_error = QStringLiteral("Dockerfile %1 is outside the build context %2")
                      .arg(dfPath, contextDir);
        return false;
    }
    if (!QFileInfo(dfPath).isFile()) {
        m_error = QStringLiteral("Dockerfile %1 not found").arg(dfPath);
        return false;
    }
    BuildContextTar tar(contextDir, relDockerfile);
    if (!tar.scan(&m_error))
        return false;
    if (!negotiate())
        return false;

    QStringList q;
    const auto add = [&q](const char *key, const QString &value) {
        q.append(QString::fromLatin1(key) + QLatin1Char('=') + enc(value));
    };
    add("dockerfile", relDockerfile);
    for (const QString &t : options.tags)
        add("t", t);
    if (!options.buildArgs.isEmpty())
        add("buildargs", jsonMap(options.buildArgs));
    if (!options.labels.isEmpty())
        add("labels", jsonMap(options.labels));
    if (!options.target.isEmpty())
        add("target", options.target);
    if (options.noCache)
        add("nocache", QStringLiteral("1"));
    // forcerm: a failed or cancelled build leaves no intermediate container behind.
    add("rm", QStringLiteral("1"));
    add("forcerm", QStringLiteral("1"));

    HttpRequest req;
    req.method = "POST";
    req.path = path(QStringLiteral("/build?")) + q.join(QLatin1Char('&'));
    req.setHeader("Content-Type", "application/x-tar");
    QString credError;
    const DockerCredentials creds = DockerCredentials::load({}, &credError);
    req.setHeader("X-Registry-Config", creds.registryConfigHeader());
    req.delivery = HttpRequest::Delivery::Lines;
    req.bodySource = [&tar](char *buffer, qint64 max, QString *error) {
        return tar.read(buffer, max, error);
    };
    DockerMessageStream stream(log);
    const HttpResponse r = call(req, [&stream](const QByteArray &line) { stream.feed(line); });
    stream.finish();
    if (!r.ok())
        return fail(r, QStringLiteral("build"));
    if (stream.failed()) {
        m_error = stream.errorMessage();
        return false;
    }
    if (imageId)
        *imageId = stream.imageId();
    return true;
}

bool DockerClient::tag(const QString &source, const QString &target)
{
    if (!negotiate())
        return false;
    const auto [repo, tagName] = splitReference(target);
    HttpRequest req;
    req.method = "POST";
    req.path = path(QStringLiteral("/images/%1/tag?repo=%2&tag=%3")
                        .arg(enc(source), enc(repo), enc(tagName)));
    req.timeoutMs = 60000;
    const HttpResponse r = call(req);
    return r.ok() || fail(r, QStringLiteral("tag %1 as %2").arg(source, target));
}

bool DockerClient::push(const QString &image, const LineSink &log, QString *digest)
{
    if (!negotiate())
        return false;
    const auto [repo, tagName] = splitReference(image);
    QString credError;
    const DockerCredentials creds = DockerCredentials::load({}, &credError);
    const DockerCredentials::Auth auth = creds.lookup(DockerCredentials::registryOf(image),
                                                      &credError);
    if (!credError.isEmpty() && log)
        log(QStringLiteral("warning: %1").arg(credError));
    HttpRequest req;
    req.method = "POST";
    req.path = path(QStringLiteral("/images/%1/push?tag=%2").arg(enc(repo), enc(tagName)));
    req.setHeader("X-Registry-Auth", auth.toHeader());
    req.delivery = HttpRequest::Delivery::Lines;
    DockerMessageStream stream(log);
    const HttpResponse r = call(req, [&stream](const QByteArray &line) { stream.feed(line); });
    stream.finish();
    if (!r.ok())
        return fail(r, QStringLiteral("push %1").arg(image));
    if (stream.failed()) {
        m_error = QStringLiteral("push %1: %2").arg(image, stream.errorMessage());
        return false;
    }
    if (digest)
        *digest = stream.digest();
    return true;
}

bool DockerClient::inspectImage(const QString &image, QJsonObject *out)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.path = path(QStringLiteral("/images/%1/json").arg(enc(image)));
    req.timeoutMs = 30000;
    const HttpResponse r = call(req);
    if (!r.ok())
        return fail(r, {});
    if (out)
        *out = QJsonDocument::fromJson(r.body).object();
    return true;
}

bool DockerClient::listImages(QJsonArray *out, const QString &reference)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.path = path(QStringLiteral("/images/json"));
    if (!reference.isEmpty()) {
        const QJsonObject filters{{QStringLiteral("reference"), QJsonArray{reference}}};
        req.path += QStringLiteral("?filters=")
            + enc(QString::fromUtf8(QJsonDocument(filters).toJson(QJsonDocument::Compact)));
    }
    req.timeoutMs = 30000;
    const HttpResponse r = call(req);
    if (!r.ok())
        return fail(r, QStringLiteral("list images"));
    *out = QJsonDocument::fromJson(r.body).array();
    return true;
}

bool DockerClient::removeImage(const QString &image, bool force)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.method = "DELETE";
    req.path = path(QStringLiteral("/images/%1?force=%2")
                        .arg(enc(image), force ? QStringLiteral("1") : QStringLiteral("0")));
    req.timeoutMs = 60000;
    const HttpResponse r = call(req);
    return r.ok() || fail(r, QStringLiteral("remove image %1").arg(image));
}

bool DockerClient::createContainer(const DockerContainerSpec &spec, QString *id)
{
    if (!negotiate())
        return false;
    QJsonObject body;
    body.insert(QStringLiteral("Image"), spec.image);
    if (!spec.cmd.isEmpty())
        body.insert(QStringLiteral("Cmd"), QJsonArray::fromStringList(spec.cmd));
    if (!spec.env.isEmpty())
        body.insert(QStringLiteral("Env"), QJsonArray::fromStringList(spec.env));
    if (!spec.workingDir.isEmpty())
        body.insert(QStringLiteral("WorkingDir"), spec.workingDir);
    if (!spec.user.isEmpty())
        body.insert(QStringLiteral("User"), spec.user);
    body.insert(QStringLiteral("Tty"), false);
    body.insert(QStringLiteral("AttachStdout"), true);
    body.insert(QStringLiteral("AttachStderr"), true);
    QJsonObject labels;
    for (auto it = spec.labels.begin(); it != spec.labels.end(); ++it)
        labels.insert(it.key(), it.value());
    body.insert(QStringLiteral("Labels"), labels);
    QJsonObject host;
    if (!spec.binds.isEmpty())
        host.insert(QStringLiteral("Binds"), QJsonArray::fromStringList(spec.binds));
    if (!spec.ports.isEmpty()) {
        QJsonObject exposed, bindings;
        for (const QString &p : spec.ports) {
            const QString hostPort = p.section(QLatin1Char(':'), 0, 0);
            QString containerPort = p.section(QLatin1Char(':'), 1);
            if (!containerPort.contains(QLatin1Char('/')))
                containerPort += QStringLiteral("/tcp");
            exposed.insert(containerPort, QJsonObject());
            QJsonArray list = bindings.value(containerPort).toArray();
            list.append(QJsonObject{{QStringLiteral("HostIp"), QStringLiteral("127.0.0.1")},
                                    {QStringLiteral("HostPort"), hostPort}});
            bindings.insert(containerPort, list);
        }
        body.insert(QStringLiteral("ExposedPorts"), exposed);
        host.insert(QStringLiteral("PortBindings"), bindings);
    }
    body.insert(QStringLiteral("HostConfig"), host);

    HttpRequest req;
    req.method = "POST";
    req.path = path(QStringLiteral("/containers/create"));
    if (!spec.name.isEmpty())
        req.path += QStringLiteral("?name=") + enc(spec.name);
    req.setHeader("Content-Type", "application/json");
    req.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    req.timeoutMs = 60000;
    const HttpResponse r = call(req);
    if (!r.ok())
        return fail(r, QStringLiteral("create container from %1").arg(spec.image));
    *id = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("Id")).toString();
    return true;
}

bool DockerClient::startContainer(const QString &id)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.method = "POST";
    req.path = path(QStringLiteral("/containers/%1/start").arg(enc(id)));
    req.timeoutMs = 60000;
    const HttpResponse r = call(req);
    return r.ok() || fail(r, QStringLiteral("start container"));
}

bool DockerClient::followLogs(const QString &id, const OutputSink &sink)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.path = path(QStringLiteral("/containers/%1/logs?follow=1&stdout=1&stderr=1").arg(enc(id)));
    req.delivery = HttpRequest::Delivery::Raw;
    DockerStreamDemuxer demux(sink);
    const HttpResponse r = call(req, [&demux](const QByteArray &data) { demux.feed(data); });
    return r.ok() || fail(r, QStringLiteral("container logs"));
}

bool DockerClient::waitContainer(const QString &id, int *exitCode)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.method = "POST";
    req.path = path(QStringLiteral("/containers/%1/wait").arg(enc(id)));
    const HttpResponse r = call(req);
    if (!r.ok())
        return fail(r, QStringLiteral("wait for container"));
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    const QString err = o.value(QStringLiteral("Error")).toObject()
                            .value(QStringLiteral("Message")).toString();
    if (!err.isEmpty()) {
        m_error = err;
        return false;
    }
    *exitCode = o.value(QStringLiteral("StatusCode")).toInt(-1);
    return true;
}

bool DockerClient::inspectContainer(const QString &id, QJsonObject *out)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.path = path(QStringLiteral("/containers/%1/json").arg(enc(id)));
    req.timeoutMs = 30000;
    const HttpResponse r = call(req);
    if (!r.ok())
        return fail(r, {});
    *out = QJsonDocument::fromJson(r.body).object();
    return true;
}

bool DockerClient::killContainer(const QString &id)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.method = "POST";
    req.path = path(QStringLiteral("/containers/%1/kill").arg(enc(id)));
    req.timeoutMs = 30000;
    const HttpResponse r = call(req);
    // 409: not running any more, which is what we wanted.
    return r.ok() || r.status == 409 || fail(r, QStringLiteral("kill container"));
}

bool DockerClient::removeContainer(const QString &id, bool force)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.method = "DELETE";
    req.path = path(QStringLiteral("/containers/%1?v=1&force=%2")
                        .arg(enc(id), force ? QStringLiteral("1") : QStringLiteral("0")));
    req.timeoutMs = 60000;
    const HttpResponse r = call(req);
    return r.ok() || r.status == 404 || fail(r, QStringLiteral("remove container"));
}

bool DockerClient::listContainers(QJsonArray *out, const QString &labelFilter, bool all)
{
    if (!negotiate())
        return false;
    HttpRequest req;
    req.path = path(QStringLiteral("/containers/json?all=%1").arg(all ? 1 : 0));
    if (!labelFilter.isEmpty()) {
        const QJsonObject filters{{QStringLiteral("label"), QJsonArray{labelFilter}}};
        req.path += QStringLiteral("&filters=")
            + enc(QString::fromUtf8(QJsonDocument(filters).toJson(QJsonDocument::Compact)));
    }
    req.timeoutMs = 30000;
    const HttpResponse r = call(req);
    if (!r.ok())
        return fail(r, QStringLiteral("list containers"));
    *out = QJsonDocument::fromJson(r.body).array();
    return true;
}

int DockerClient::removeContainersWithLabel(const QString &labelFilter)
{
    QJsonArray list;
    if (labelFilter.isEmpty() || !listContainers(&list, labelFilter))
        return -1;
    int removed = 0;
    for (const QJsonValue &c : std::as_const(list)) {
        if (removeContainer(c.toObject().value(QStringLiteral("Id")).toString(), true))
            ++removed;
    }
    return removed;
}

} // namespace pw::core
