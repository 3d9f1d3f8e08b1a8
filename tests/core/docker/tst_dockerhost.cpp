// DOCKER_HOST as the docker CLI reads it, and what a value that does not parse does: an error
// naming the value (quoted, cut short when huge), for the client and for a step's own
// DOCKER_HOST, never a silent fallback to another engine.
#include "core/docker/dockerclient.h"
#include "core/docker/dockerhost.h"
#include "core/docker/dockerstepcontext.h"

#include <QDir>
#include <QTest>

using namespace pw::core;

class tst_DockerHost : public QObject
{
    Q_OBJECT

private slots:
    void valid_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("socket");
        QTest::addColumn<QString>("baseUrl");
        QTest::newRow("unset") << "" << false << "/var/run/docker.sock"
                               << "http://localhost";
        QTest::newRow("unix") << "unix:///run/user/1/docker.sock" << false
                              << "/run/user/1/docker.sock"
                              << "http://localhost";
        QTest::newRow("tcp") << "tcp://127.0.0.1:2375" << false << ""
                             << "http://127.0.0.1:2375";
        QTest::newRow("tcp default port") << "tcp://docker.example" << false << ""
                                          << "http://docker.example:2375";
        QTest::newRow("tcp tls") << "tcp://h:2376" << true << ""
                                 << "https://h:2376";
        QTest::newRow("ipv6") << "tcp://[::1]:2375" << false << ""
                              << "http://[::1]:2375";
        QTest::newRow("trailing slash") << "tcp://h:1/" << false << ""
                                        << "http://h:1";
        QTest::newRow("https") << "https://h" << false << ""
                               << "https://h:2376";
    }

    void valid()
    {
        QFETCH(QString, value);
        QFETCH(bool, tls);
        QFETCH(QString, socket);
        QFETCH(QString, baseUrl);
        const DockerHost h = DockerHost::parse(value, tls, u"/certs"_qs);
        QVERIFY2(h.isValid(), qPrintable(h.error()));
        QCOMPARE(h.endpoint().unixSocket, socket);
        QCOMPARE(h.endpoint().baseUrl, baseUrl);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("not a url") << "not a url";
        QTest::newRow("host only") << "localhost:2375";
        QTest::newRow("ssh") << "ssh://user@host";
        QTest::newRow("tcp with spaces") << "tcp://not a host:2375";
        QTest::newRow("tcp no host") << "tcp://:2375";
        QTest::newRow("tcp with path") << "tcp://h:2375/v1.41";
        QTest::newRow("http-ish scheme") << "httpx://h";
        QTest::newRow("unix no path") << "unix://";
    }

    void invalid()
    {
        QFETCH(QString, value);
        const DockerHost h = DockerHost::parse(value);
        QVERIFY(!h.isValid());
        QVERIFY2(h.error().contains(u'\'' + value.trimmed() + u'\''), qPrintable(h.error()));
        QVERIFY(h.error().contains(u"DOCKER_HOST"_qs));
    }

    // A value from the environment can be anything, of any length: messages quote a prefix.
    void hugeValueIsCutShort()
    {
        const QString value = u"x"_qs.repeated(1 << 20);
        const DockerHost h = DockerHost::parse(value);
        QVERIFY(!h.isValid());
        QVERIFY(h.error().size() < 400);
        QVERIFY(h.error().contains(u"xxxxxxxxxx"_qs));
    }

    // The client built from an unparsable DOCKER_HOST fails every call with that error instead
    // of talking to http://localhost.
    void clientFailsWithTheHostError()
    {
        DockerClient client(DockerHost::parse(u"not a url"_qs));
        QVERIFY(!client.ping());
        QVERIFY2(client.errorMessage().contains(u"'not a url'"_qs),
                 qPrintable(client.errorMessage()));
        QVERIFY(!client.errorMessage().contains(u"localhost"_qs));
    }

    void clientFromEnvironment()
    {
        qputenv("DOCKER_HOST", "not a url");
        DockerClient client;
        qunsetenv("DOCKER_HOST");
        QVERIFY(!client.ping());
        QVERIFY2(client.errorMessage().contains(u"'not a url'"_qs),
                 qPrintable(client.errorMessage()));
    }

    void stepDockerHost()
    {
        StepContext step;
        step.workspace = QDir::tempPath();
        step.env.insert(u"DOCKER_HOST"_qs, u"tcp//missing-colon"_qs);
        const DockerStepContext ctx = DockerStepContext::forStep(step);
        QVERIFY(ctx.hostError.contains(u"'tcp//missing-colon'"_qs));

        step.env.insert(u"DOCKER_HOST"_qs, u"tcp://127.0.0.1:2375"_qs);
        const DockerStepContext good = DockerStepContext::forStep(step);
        QVERIFY2(good.hostError.isEmpty(), qPrintable(good.hostError));
        QCOMPARE(good.endpoint.baseUrl, u"http://127.0.0.1:2375"_qs);
    }
};

QTEST_GUILESS_MAIN(tst_DockerHost)
#include "tst_dockerhost.moc"
