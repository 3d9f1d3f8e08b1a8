#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

namespace pw::core {

// Why a request failed. The transport kinds are told apart because each one has a
// different fix for the user (start the daemon, join the group, fix the certificate).
enum class HttpError {
    None,
    NoSuchSocket,     // the unix socket file does not exist
    NotListening,     // connection refused: nothing listening on the socket/port
    PermissionDenied, // the socket exists but this user may not open it
    HostNotFound,
    Tls,              // handshake or certificate verification failed
    Timeout,
    Cancelled,
    BodySource,       // the request body's source failed (e.g. a file vanished)
    Transport,        // any other connection-level failure
    Http,             // the server answered with a status >= 400
};

// The outcome of one request. For HTTP errors `message` is the server's own text (the
// "message" of a JSON error body when there is one).
struct HttpResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    HttpError error = HttpError::None;
    QString message;

    bool ok() const { return error == HttpError::None; }
    QByteArray header(const QByteArray &name) const
    {
        const QByteArray lower = name.toLower();
        for (const auto &h : headers) {
            if (h.first == lower)
                return h.second;
        }
        return {};
    }
};

QString toString(HttpError error);

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::HttpResponse)
