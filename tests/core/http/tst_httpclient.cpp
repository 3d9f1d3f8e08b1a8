#include "core/http/httpclient.h"
#include "testhttpserver.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace pw::core;

class TstHttpClient : public QObject
{
    Q_OBJECT

private:
    HttpResponse sendAndWait(HttpClient &client, const HttpEndpoint &ep, const HttpRequest &req,
                             QList<QByteArray> *chunks = nullptr)
    {
        HttpCall *call = client.send(ep, req);
        if (chunks) {
            connect(call, &HttpCall::lineReceived, this,
                    [chunks](const QByteArray &l) { chunks->append(l); });
        }
        QSignalSpy spy(call, &HttpCall::finished);
        if (!spy.wait(15000))
            return {};
        return spy.at(0).at(0).value<HttpResponse>();
    }

    static HttpEndpoint tcp(quint16 port)
    {
        HttpEndpoint ep;
        ep.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);
        return ep;
    }

    // A unix socket that exists but has nobody accepting: bound, never listened on.
    static void makeDeadSocket(const QString &path)
    {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        strncpy(addr.sun_path, QFile::encodeName(path).constData(), sizeof addr.sun_path - 1);
        QVERIFY(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
        ::close(fd);
    }

private slots:
    void initTestCase() { HttpClient::globalInit(); }

    // Runs first, before any worker thread exists, because it forks.
    void permissionDeniedOnSocket()
    {
        QTemporaryDir dir;
        TestHttpServer server([](const TestRequest &) { return httpAnswer(200, "ok"); });
        const QString path = dir.filePath(QStringLiteral("s.sock"));
        QVERIFY(server.listenUnix(path));
        QVERIFY(QFile::setPermissions(path, {}));
        HttpEndpoint ep;
        ep.unixSocket = path;
        HttpRequest req;
        req.path = QStringLiteral("/ping");
        req.timeoutMs = 5000;
        // Root ignores socket permissions, so the request runs in a child that gave them up.
        int fds[2];
        QVERIFY(::pipe(fds) == 0);
        const pid_t pid = ::fork();
        if (pid == 0) {
            if (::getuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
                ::_exit(3);
            const HttpResponse r = HttpClient::perform(ep, req);
            const QByteArray out = toString(r.error).toUtf8() + '\n' + r.message.toUtf8();
            (void)!::write(fds[1], out.constData(), size_t(out.size()));
            ::_exit(0);
        }
        ::close(fds[1]);
        QByteArray out;
        char buf[512];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
            out.append(buf, n);
        ::close(fds[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);
        QCOMPARE(WEXITSTATUS(status), 0);
        const QList<QByteArray> parts = out.split('\n');
        QCOMPARE(parts.value(0), QByteArray("permission-denied"));
        QVERIFY2(parts.value(1).contains(QFile::encodeName(path)), out.constData());
    }

    void getOverTcp()
    {
        TestHttpServer server([](const TestRequest &r) {
            return httpAnswer(200, "hello " + r.path, "API-Version: 1.41\r\n");
        });
        QVERIFY(server.listenTcp());
        HttpClient client;
        HttpRequest req;
        req.path = QStringLiteral("/v1/info?x=1");
        const HttpResponse r = sendAndWait(client, tcp(server.tcpPort()), req);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("hello /v1/info?x=1"));
        QCOMPARE(r.header("api-version"), QByteArray("1.41"));
        QCOMPARE(server.requests.at(0).method, QByteArray("GET"));
    }

    void getOverUnixSocket()
    {
        QTemporaryDir dir;
        TestHttpServer server([](const TestRequest &r) {
            return httpAnswer(200, r.method + " " + r.path);
        });
        const QString path = dir.filePath(QStringLiteral("d.sock"));
        QVERIFY(server.listenUnix(path));
        HttpClient client;
        HttpEndpoint ep;
        ep.unixSocket = path;
        HttpRequest req;
        req.method = "POST";
        req.path = QStringLiteral("/containers/x/start");
        const HttpResponse r = sendAndWait(client, ep, req);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.body, QByteArray("POST /containers/x/start"));
    }

    void linesAreStreamed()
    {
        TestHttpServer server([](const TestRequest &) {
            return httpAnswer(200, "{\"a\":1}\r\n{\"b\":2}\n\n{\"c\":3}");
        });
        QVERIFY(server.listenTcp());
        HttpClient client;
        HttpRequest req;
        req.delivery = HttpRequest::Delivery::Lines;
        QList<QByteArray> lines;
        const HttpResponse r = sendAndWait(client, tcp(server.tcpPort()), req, &lines);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(lines, (QList<QByteArray>{"{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}"}));
        QVERIFY(r.body.isEmpty());
    }

    void bodyIsPulledFromSourceInPieces()
    {
        TestHttpServer server([](const TestRequest &r) {
            return httpAnswer(200, QByteArray::number(r.body.size()) + " "
                                       + QByteArray::number(qHashBits(r.body.constData(),
                                                                      size_t(r.body.size())))
                                       + (r.chunked ? " chunked" : ""));
        });
        QVERIFY(server.listenTcp());
        const qint64 total = 2 * 1024 * 1024 + 17;
        QByteArray expected(total, Qt::Uninitialized);
        for (qint64 i = 0; i < total; ++i)
            expected[i] = char('a' + i % 23);
        auto offset = std::make_shared<qint64>(0);
        auto calls = std::make_shared<int>(0);
        HttpRequest req;
        req.method = "POST";
        req.bodySource = [expected, offset, calls](char *buf, qint64 max, QString *) {
            ++*calls;
            const qint64 n = std::min({max, qint64(10000), qint64(expected.size()) - *offset});
            memcpy(buf, expected.constData() + *offset, size_t(n));
            *offset += n;
            return n;
        };
        HttpClient client;
        const HttpResponse r = sendAndWait(client, tcp(server.tcpPort()), req);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.body, QByteArray::number(total) + " "
                     + QByteArray::number(qHashBits(expected.constData(),
                                                    size_t(expected.size())))
                     + " chunked");
        QVERIFY(*calls > 100);
    }

    void failingBodySourceFailsTheRequest()
    {
        TestHttpServer server([](const TestRequest &) { return httpAnswer(200, "ok"); });
        QVERIFY(server.listenTcp());
        HttpRequest req;
        req.method = "POST";
        req.bodySource = [](char *, qint64, QString *error) -> qint64 {
            *error = QStringLiteral("cannot read /ctx/file: gone");
            return -1;
        };
        HttpClient client;
        const HttpResponse r = sendAndWait(client, tcp(server.tcpPort()), req);
        QCOMPARE(toString(r.error), toString(HttpError::BodySource));
        QCOMPARE(r.message, QStringLiteral("cannot read /ctx/file: gone"));
    }

    void httpErrorCarriesServerMessage()
    {
        TestHttpServer server([](const TestRequest &) {
            return httpAnswer(404, "{\"message\":\"No such image: nope:latest\"}");
        });
        QVERIFY(server.listenTcp());
        HttpClient client;
        HttpRequest req;
        req.delivery = HttpRequest::Delivery::Lines;
        QList<QByteArray> lines;
        const HttpResponse r = sendAndWait(client, tcp(server.tcpPort()), req, &lines);
        QCOMPARE(toString(r.error), toString(HttpError::Http));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.message, QStringLiteral("No such image: nope:latest"));
        QVERIFY(lines.isEmpty()); // an error body is not delivered as stream lines
    }

    void transportErrorsAreToldApart()
    {
        QTemporaryDir dir;
        const QString dead = dir.filePath(QStringLiteral("dead.sock"));
        makeDeadSocket(dead);
        HttpClient client;
        HttpEndpoint ep;
        ep.unixSocket = dead;
        HttpResponse r = sendAndWait(client, ep, {});
        QCOMPARE(toString(r.error), toString(HttpError::NotListening));
        QVERIFY(r.message.contains(dead));

        ep.unixSocket = dir.filePath(QStringLiteral("missing.sock"));
        r = sendAndWait(client, ep, {});
        QCOMPARE(toString(r.error), toString(HttpError::NoSuchSocket));
        QVERIFY(r.message.contains(ep.unixSocket));

        // A port that was just free: nothing listens there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        r = sendAndWait(client, tcp(port), {});
        QCOMPARE(toString(r.error), toString(HttpError::NotListening));
    }

    void cancelEndsAHangingRequest()
    {
        TestHttpServer server([](const TestRequest &) { return QByteArray(); });
        QVERIFY(server.listenTcp());
        HttpClient client;
        HttpCall *call = client.send(tcp(server.tcpPort()), {});
        QSignalSpy spy(call, &HttpCall::finished);
        QTRY_COMPARE(server.requests.size(), 1);
        call->cancel();
        QVERIFY(spy.wait(5000));
        QCOMPARE(toString(spy.at(0).at(0).value<HttpResponse>().error),
                 toString(HttpError::Cancelled));
    }

    void timeoutEndsAHangingRequest()
    {
        TestHttpServer server([](const TestRequest &) { return QByteArray(); });
        QVERIFY(server.listenTcp());
        HttpClient client;
        HttpRequest req;
        req.timeoutMs = 300;
        const HttpResponse r = sendAndWait(client, tcp(server.tcpPort()), req);
        QCOMPARE(toString(r.error), toString(HttpError::Timeout));
    }

    void deletingTheCallDropsItsSignals()
    {
        TestHttpServer server([](const TestRequest &) { return httpAnswer(200, "late"); });
        QVERIFY(server.listenTcp());
        HttpClient client;
        HttpCall *call = client.send(tcp(server.tcpPort()), {});
        delete call; // must neither crash nor leak a delivery to a dead object
        HttpCall *second = client.send(tcp(server.tcpPort()), {});
        QSignalSpy spy(second, &HttpCall::finished);
        QVERIFY(spy.wait(5000));
        QCOMPARE(second->response().body, QByteArray("late"));
    }

    void performWorksOnAWorkerThread()
    {
        TestHttpServer server([](const TestRequest &) { return httpAnswer(200, "l1\nl2\n"); });
        QVERIFY(server.listenTcp());
        const HttpEndpoint ep = tcp(server.tcpPort());
        auto future = QtConcurrent::run([ep] {
            HttpRequest req;
            req.delivery = HttpRequest::Delivery::Lines;
            QList<QByteArray> lines;
            HttpClient::perform(ep, req, [&](const QByteArray &l) { lines.append(l); });
            return lines;
        });
        QTRY_VERIFY(future.isFinished());
        QCOMPARE(future.result(), (QList<QByteArray>{"l1", "l2"}));
    }

    void tlsVerifiesTheServer()
    {
        QTemporaryDir dir;
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"),
                       QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                       QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"),
                       QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert});
        QVERIFY2(openssl.waitForFinished(60000) && openssl.exitCode() == 0,
                 "openssl (Debian package openssl) is needed to make a test certificate");
        QFile kf(key), cf(cert);
        QVERIFY(kf.open(QIODevice::ReadOnly) && cf.open(QIODevice::ReadOnly));
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setPrivateKey(QSslKey(kf.readAll(), QSsl::Rsa));
        config.setLocalCertificate(QSslCertificate(cf.readAll()));
        TestHttpServer server([](const TestRequest &) { return httpAnswer(200, "secure"); });
        QVERIFY(server.listenTls(config));
        HttpClient client;
        HttpEndpoint ep;
        ep.baseUrl = QStringLiteral("https://127.0.0.1:%1").arg(server.tlsPort());
        // Verification is on by default: a self-signed server is refused.
        HttpResponse r = sendAndWait(client, ep, {});
        QCOMPARE(toString(r.error), toString(HttpError::Tls));
        QVERIFY(r.message.contains(ep.baseUrl));
        ep.caFile = cert;
        r = sendAndWait(client, ep, {});
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.body, QByteArray("secure"));
    }
};

QTEST_GUILESS_MAIN(TstHttpClient)
#include "tst_httpclient.moc"
