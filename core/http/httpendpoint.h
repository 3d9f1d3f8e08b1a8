#pragma once

#include <QString>

namespace pw::core {

// Where an HTTP server is and how to reach it: a unix socket (curl then ignores the URL's
// host) or TCP, with optional TLS material. A plain value shared by the Docker and
// Kubernetes clients.
struct HttpEndpoint
{
    QString unixSocket; // non-empty: connect through this socket
    QString baseUrl = QStringLiteral("http://localhost"); // scheme://host[:port], no path
    QString caFile;     // PEM bundle to verify the server with; empty = system store
    QString certFile;   // client certificate (PEM)
    QString keyFile;    // its private key (PEM)
    bool verifyPeer = true; // never turned off silently: only an explicit setting does

    // "unix socket /var/run/docker.sock" or the URL, for messages.
    QString describe() const
    {
        return unixSocket.isEmpty() ? baseUrl : QStringLiteral("unix socket ") + unixSocket;
    }
};

} // namespace pw::core
