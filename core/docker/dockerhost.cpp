#include "dockerhost.h"

#include <QDir>
#include <QUrl>

namespace pw::core {

DockerHost DockerHost::fromEnvironment(const QProcessEnvironment &env)
{
    QString certPath = env.value(QStringLiteral("DOCKER_CERT_PATH"));
    if (certPath.isEmpty())
        certPath = QDir::homePath() + QStringLiteral("/.docker");
    // The CLI treats any non-empty DOCKER_TLS_VERIFY as "on".
    return parse(env.value(QStringLiteral("DOCKER_HOST")),
                 !env.value(QStringLiteral("DOCKER_TLS_VERIFY")).isEmpty(), certPath);
}

namespace {

// The value as messages quote it: in quotes, and cut short, since it comes from outside.
QString quoted(const QString &value)
{
    constexpr int limit = 120;
    return u'\'' + (value.size() > limit ? value.left(limit) + QStringLiteral("…") : value)
           + u'\'';
}

} // namespace

DockerHost DockerHost::parse(const QString &dockerHost, bool tlsVerify, const QString &certPath)
{
    DockerHost h;
    const QString host = dockerHost.trimmed();
    if (host.isEmpty()) {
        h.m_endpoint.unixSocket = QStringLiteral("/var/run/docker.sock");
        return h;
    }
    if (host.startsWith(QStringLiteral("unix://"))) {
        h.m_endpoint.unixSocket = host.mid(7);
        if (h.m_endpoint.unixSocket.isEmpty())
            h.m_error = QStringLiteral("DOCKER_HOST %1 names no socket path").arg(quoted(host));
        return h;
    }
    if (host.startsWith(QStringLiteral("tcp://")) || host.startsWith(QStringLiteral("http://"))
        || host.startsWith(QStringLiteral("https://"))) {
        const QUrl url(host.startsWith(QStringLiteral("tcp://"))
                           ? QStringLiteral("http://") + host.mid(6)
                           : host,
                       QUrl::StrictMode);
        // Only scheme://host[:port][/]: a path, query or credentials would be dropped unseen.
        if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty()
            || (!url.path().isEmpty() && url.path() != u"/") || url.hasQuery()
            || url.hasFragment()) {
            h.m_error = QStringLiteral("DOCKER_HOST %1 is not a valid address; write "
                                       "tcp://HOST:PORT or unix:///path/to/docker.sock")
                            .arg(quoted(host));
            return h;
        }
        const bool tls = tlsVerify || url.scheme() == QStringLiteral("https");
        // 2376 is the TLS port and 2375 the plain one by convention (docker CLI defaults).
        const int port = url.port(tls ? 2376 : 2375);
        QString hostPart = url.host();
        if (hostPart.contains(QLatin1Char(':')))
            hostPart = QLatin1Char('[') + hostPart + QLatin1Char(']'); // IPv6 literal
        h.m_endpoint.baseUrl = QStringLiteral("%1://%2:%3")
                                   .arg(tls ? QStringLiteral("https") : QStringLiteral("http"),
                                        hostPart)
                                   .arg(port);
        if (tls && !certPath.isEmpty()) {
            const QDir dir(certPath);
            h.m_endpoint.caFile = dir.filePath(QStringLiteral("ca.pem"));
            h.m_endpoint.certFile = dir.filePath(QStringLiteral("cert.pem"));
            h.m_endpoint.keyFile = dir.filePath(QStringLiteral("key.pem"));
        }
        return h;
    }
    h.m_error = QStringLiteral("DOCKER_HOST %1 is not a Docker address: only unix:// and "
                               "tcp:// are supported")
                    .arg(quoted(host));
    return h;
}

} // namespace pw::core
