#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace pw::core {

// Registry credentials as the docker CLI finds them in $DOCKER_CONFIG/config.json (default
// ~/.docker/config.json): credHelpers[host] first, then credsStore, then the file's `auths`
// (base64 "user:pass", standard alphabet). Helpers are docker-credential-<name> programs
// run with `get`, the server on stdin, {"ServerURL","Username","Secret"} on stdout.
class DockerCredentials
{
public:
    struct Auth
    {
        QString username;
        QString password;
        QString identityToken;
        QString serverAddress;
        bool isEmpty() const { return username.isEmpty() && identityToken.isEmpty(); }
        // The X-Registry-Auth value: base64url with padding of the AuthConfig JSON;
        // "{}" (e30=) when empty, since the v20.10 daemon rejects a missing header on push.
        QByteArray toHeader() const;
        QJsonObject toJson() const;
    };

    // configDir empty: $DOCKER_CONFIG, else ~/.docker. A missing file means no credentials.
    static DockerCredentials load(const QString &configDir = {}, QString *error = nullptr);

    // The credentials for a registry host ("127.0.0.1:5001", "docker.io", ...).
    Auth lookup(const QString &registry, QString *error = nullptr) const;
    // The registry an image reference lives in: its first component when that looks like
    // a host (has '.' or ':' or is "localhost"), else Docker Hub ("docker.io").
    static QString registryOf(const QString &imageRef);
    // X-Registry-Config for /build: every `auths` entry of the file (helpers not asked).
    QByteArray registryConfigHeader() const;

private:
    Auth runHelper(const QString &helper, const QString &server, QString *error) const;
    QJsonObject m_config;
};

} // namespace pw::core
