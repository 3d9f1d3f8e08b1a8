#pragma once

#include "core/http/httpendpoint.h"

#include <QProcessEnvironment>
#include <QString>

namespace pw::core {

// Where the Docker engine is, read the way the docker CLI reads it: DOCKER_HOST
// (unix:// or tcp://, default unix:///var/run/docker.sock), with DOCKER_TLS_VERIFY and
// DOCKER_CERT_PATH (default ~/.docker) selecting https with ca.pem/cert.pem/key.pem.
class DockerHost
{
public:
    static DockerHost fromEnvironment(
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    static DockerHost parse(const QString &dockerHost, bool tlsVerify = false,
                            const QString &certPath = {});

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; } // e.g. an unsupported scheme
    const HttpEndpoint &endpoint() const { return m_endpoint; }

private:
    HttpEndpoint m_endpoint;
    QString m_error;
};

} // namespace pw::core
