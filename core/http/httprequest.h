#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>

namespace pw::core {

// One HTTP request. The body is either held (`body`) or pulled piece by piece from
// `bodySource`, which is then sent with chunked transfer encoding and never held whole.
struct HttpRequest
{
    // How the response body reaches the caller.
    enum class Delivery {
        Collect, // whole body in HttpResponse::body
        Lines,   // each line (without its '\n') as it arrives; the body stays empty
        Raw,     // each received piece as it arrives (binary streams)
    };

    QByteArray method = "GET";
    QString path; // appended to the endpoint's base URL, query included
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Fills up to `max` bytes; returns the count, 0 at the end, -1 on error (which fails the
    // request with HttpError::BodySource and the message left in *error).
    std::function<qint64(char *buffer, qint64 max, QString *error)> bodySource;
    Delivery delivery = Delivery::Collect;
    qint64 timeoutMs = 0;            // whole transfer; 0 = no limit (streams, waits)
    qint64 connectTimeoutMs = 10000;

    void setHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
    }
};

} // namespace pw::core
