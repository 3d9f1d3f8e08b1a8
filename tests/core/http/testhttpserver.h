#pragma once

// A tiny HTTP/1.1 server for the HTTP client's tests, on TCP or a unix socket, driven by the
// test's event loop. It parses the request (Content-Length or chunked body) and answers with
// whatever the handler returns; an empty answer leaves the client hanging.

#include <QIODevice>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

struct TestRequest
{
    QByteArray method;
    QByteArray path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool chunked = false;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};

class TestHttpServer : public QObject
{
public:
    using Handler = std::function<QByteArray(const TestRequest &)>;

    explicit TestHttpServer(Handler handler) : m_handler(std::move(handler)) {}

    bool listenTcp()
    {
        connect(&m_tcp, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = m_tcp.nextPendingConnection())
                serve(s);
        });
        return m_tcp.listen(QHostAddress::LocalHost);
    }
    bool listenTls(const QSslConfiguration &config)
    {
        m_ssl.setSslConfiguration(config);
        connect(&m_ssl, &QSslServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = m_ssl.nextPendingConnection())
                serve(s);
        });
        return m_ssl.listen(QHostAddress::LocalHost);
    }
    bool listenUnix(const QString &path)
    {
        connect(&m_local, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *s = m_local.nextPendingConnection())
                serve(s);
        });
        return m_local.listen(path);
    }
    quint16 tcpPort() const { return m_tcp.serverPort(); }
    quint16 tlsPort() const { return m_ssl.serverPort(); }
    QList<TestRequest> requests;

private:
    void serve(QIODevice *dev)
    {
        auto *buffer = new QByteArray;
        connect(dev, &QObject::destroyed, this, [buffer] { delete buffer; });
        connect(dev, &QIODevice::readyRead, this, [this, dev, buffer] {
            buffer->append(dev->readAll());
            TestRequest req;
            if (!parse(*buffer, &req))
                return;
            buffer->clear();
            requests.append(req);
            const QByteArray answer = m_handler(req);
            if (!answer.isEmpty()) {
                dev->write(answer);
                if (auto *t = qobject_cast<QTcpSocket *>(dev))
                    t->disconnectFromHost();
                else if (auto *l = qobject_cast<QLocalSocket *>(dev))
                    l->disconnectFromServer();
            }
        });
    }

    static bool parse(const QByteArray &data, TestRequest *req)
    {
        const qsizetype end = data.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const QList<QByteArray> lines = data.left(end).split('\n');
        const QList<QByteArray> first = lines.first().trimmed().split(' ');
        req->method = first.value(0);
        req->path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray l = lines.at(i).trimmed();
            const qsizetype c = l.indexOf(':');
            if (c > 0)
                req->headers.append({l.left(c).trimmed(), l.mid(c + 1).trimmed()});
        }
        qsizetype pos = end + 4;
        if (req->header("Transfer-Encoding").toLower() == "chunked") {
            req->chunked = true;
            for (;;) {
                const qsizetype nl = data.indexOf("\r\n", pos);
                if (nl < 0)
                    return false;
                bool ok = false;
                const qsizetype size = data.mid(pos, nl - pos).toLongLong(&ok, 16);
                if (!ok)
                    return false;
                if (size == 0)
                    return data.indexOf("\r\n", nl + 2) >= 0;
                if (data.size() < nl + 2 + size + 2)
                    return false;
                req->body.append(data.mid(nl + 2, size));
                pos = nl + 2 + size + 2;
            }
        }
        const qsizetype length = req->header("Content-Length").toLongLong();
        if (data.size() - pos < length)
            return false;
        req->body = data.mid(pos, length);
        return true;
    }

    Handler m_handler;
    QTcpServer m_tcp;
    QSslServer m_ssl;
    QLocalServer m_local;
};

inline QByteArray httpAnswer(int status, const QByteArray &body,
                             const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" + extraHeaders
        + "\r\n" + body;
}
