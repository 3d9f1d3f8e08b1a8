#include "core/kube/kubeconfig.h"
#include "core/kube/kubeconnection.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

// Kubeconfig loading, merging (client-go's rules) and resolving a context into credentials.
class TestKubeConfig : public QObject
{
    Q_OBJECT

    QString data(const QString &name) const
    {
        return QStringLiteral(PW_TEST_DATA_DIR "/kube/kubeconfig/") + name;
    }

    static QString write(QTemporaryDir &dir, const QString &name, const QByteArray &text,
                         bool executable = false)
    {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(text);
        f.close();
        if (executable)
            f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        return f.fileName();
    }

private slots:
    void mergeFirstFileWins()
    {
        KubeConfig c;
        QVERIFY2(c.load({data(QStringLiteral("a.yaml")), data(QStringLiteral("missing.yaml")),
                         data(QStringLiteral("b.yaml"))}),
                 qPrintable(c.errorString()));
        QCOMPARE(c.loadedFiles().size(), 2); // the missing file is skipped
        QCOMPARE(c.currentContext(), QStringLiteral("alpha"));
        // same name in a later file: discarded whole
        QCOMPARE(c.cluster(QStringLiteral("shared"))->server,
                 QStringLiteral("https://first.example:6443"));
        QCOMPARE(c.context(QStringLiteral("alpha"))->kubeNamespace, QStringLiteral("team-a"));
        QCOMPARE(c.user(QStringLiteral("alice"))->token, QStringLiteral("from-a"));
        // entries only the later file has are merged in
        QVERIFY(c.context(QStringLiteral("beta")));
        QVERIFY(c.cluster(QStringLiteral("other"))->insecureSkipTlsVerify);
        // relative paths resolve against the defining file's folder
        QCOMPARE(c.cluster(QStringLiteral("shared"))->certificateAuthority,
                 data(QStringLiteral("certs/ca.crt")));
        QCOMPARE(c.user(QStringLiteral("bob"))->tokenFile, data(QStringLiteral("token.txt")));
    }

    void kubeconfigEnvironmentList()
    {
        qputenv("KUBECONFIG", (data(QStringLiteral("b.yaml")) + u':'
                               + data(QStringLiteral("a.yaml")) + u':'
                               + data(QStringLiteral("b.yaml")))
                                  .toUtf8());
        const QStringList paths = KubeConfig::defaultPaths();
        qunsetenv("KUBECONFIG");
        QCOMPARE(paths.size(), 2); // duplicates removed
        KubeConfig c;
        QVERIFY(c.load(paths));
        QCOMPARE(c.currentContext(), QStringLiteral("beta"));
        QCOMPARE(c.cluster(QStringLiteral("shared"))->server,
                 QStringLiteral("https://second.example:6443"));
    }

    void malformedFileHasLineAndColumn()
    {
        KubeConfig c;
        QVERIFY(!c.load({data(QStringLiteral("malformed.yaml"))}));
        QVERIFY2(c.errorString().startsWith(data(QStringLiteral("malformed.yaml")) + u':'),
                 qPrintable(c.errorString()));
        QVERIFY2(c.errorString().endsWith(QLatin1String("malformed.yaml:4:18: illegal map value")),
                 qPrintable(c.errorString()));
    }

    void noFileAtAll()
    {
        KubeConfig c;
        QVERIFY(!c.load({data(QStringLiteral("nope.yaml"))}));
        QVERIFY(c.errorString().contains(QLatin1String("no kubeconfig file found")));
    }

    void contextSwitchAndNamespace()
    {
        KubeConfig c;
        QVERIFY(c.load({data(QStringLiteral("a.yaml")), data(QStringLiteral("b.yaml"))}));
        QString error;
        auto alpha = KubeConnection::resolve(c, {}, &error);
        QVERIFY2(alpha, qPrintable(error));
        QCOMPARE(alpha->contextName(), QStringLiteral("alpha"));
        QCOMPARE(alpha->kubeNamespace(), QStringLiteral("team-a"));
        QCOMPARE(alpha->endpoint().caFile, data(QStringLiteral("certs/ca.crt")));
        QVERIFY(alpha->endpoint().verifyPeer);
        QCOMPARE(alpha->authorization(), QByteArray("Bearer from-a"));

        c.setCurrentContext(QStringLiteral("beta"));
        auto beta = KubeConnection::resolve(c, {}, &error);
        QVERIFY2(beta, qPrintable(error));
        QCOMPARE(beta->kubeNamespace(), QStringLiteral("default"));
        QCOMPARE(beta->endpoint().baseUrl, QStringLiteral("https://other.example"));
        // insecure-skip-tls-verify is honoured, never silently
        QVERIFY(!beta->endpoint().verifyPeer);
        QCOMPARE(beta->warnings().size(), 1);
        QVERIFY(beta->warnings().first().contains(QLatin1String("insecure-skip-tls-verify")));
        // tokenFile wins over token
        QCOMPARE(beta->authorization(), QByteArray("Bearer token-from-file"));
    }

    void tokenFileIsReread()
    {
        QTemporaryDir dir;
        const QString token = write(dir, QStringLiteral("token"), "first\n");
        const QString cfg = write(dir, QStringLiteral("config"),
                                  "clusters:\n- name: c\n  cluster: {server: https://h}\n"
                                  "users:\n- name: u\n  user: {tokenFile: token}\n"
                                  "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
                                  "current-context: x\n");
        KubeConfig c;
        QVERIFY(c.load({cfg}));
        QString error;
        auto conn = KubeConnection::resolve(c, {}, &error);
        QVERIFY2(conn, qPrintable(error));
        QCOMPARE(conn->authorization(), QByteArray("Bearer first"));
        write(dir, QStringLiteral("token"), "second\n");
        QCOMPARE(conn->authorization(), QByteArray("Bearer second"));
        // an unreadable token file keeps the last value that could be read
        QFile::remove(token);
        QCOMPARE(conn->authorization(), QByteArray("Bearer second"));
    }

    void certificateDataGoesToPrivateFiles()
    {
        QTemporaryDir dir;
        const QByteArray ca = QByteArray("CA PEM").toBase64();
        const QByteArray crt = QByteArray("CERT PEM").toBase64();
        const QByteArray key = QByteArray("KEY PEM").toBase64();
        const QString cfg = write(
            dir, QStringLiteral("config"),
            "clusters:\n- name: c\n  cluster:\n    server: https://h\n"
            "    certificate-authority: /nonexistent/ca.crt\n"
            "    certificate-authority-data: " + ca + "\n"
            "users:\n- name: u\n  user:\n    client-certificate-data: " + crt + "\n"
            "    client-key-data: " + key + "\n"
            "contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n");
        KubeConfig c;
        QVERIFY(c.load({cfg}));
        QString error;
        auto conn = KubeConnection::resolve(c, {}, &error);
        QVERIFY2(conn, qPrintable(error)); // -data overrides the (missing) file
        QFile f(conn->endpoint().caFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("CA PEM"));
        QFile k(conn->endpoint().keyFile);
        QVERIFY(k.open(QIODevice::ReadOnly));
        QCOMPARE(k.readAll(), QByteArray("KEY PEM"));
        QCOMPARE(k.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        QVERIFY(conn->authorization().isEmpty());
    }

    void badContexts_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown context") << QStringLiteral("a.yaml") << QStringLiteral("zeta")
                                         << QStringLiteral("context 'zeta' is not in");
        QTest::newRow("unknown user") << QStringLiteral("nouser.yaml") << QString()
                                      << QStringLiteral("names user 'ghost'");
        QTest::newRow("missing CA file") << QStringLiteral("a.yaml") << QString()
                                         << QString();
    }

    void badContexts()
    {
        QFETCH(QString, file);
        QFETCH(QString, context);
        QFETCH(QString, expected);
        KubeConfig c;
        QVERIFY(c.load({data(file)}));
        QString error;
        const auto conn = KubeConnection::resolve(c, context, &error);
        if (expected.isEmpty()) {
            QVERIFY2(conn, qPrintable(error)); // certs/ca.crt exists: fine
            return;
        }
        QVERIFY(!conn);
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void execPlugin()
    {
        QTemporaryDir dir;
        // The plugin proves it got KUBERNETES_EXEC_INFO and the exec env by echoing them.
        write(dir, QStringLiteral("plugin.sh"),
              "#!/bin/sh\n"
              "case \"$KUBERNETES_EXEC_INFO\" in *ExecCredential*) info=ok;; *) info=no;; esac\n"
              "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
              "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s-%s-%s\"}}' "
              "\"$info\" \"$TEAM\" \"$1\"\n",
              true);
        write(dir, QStringLiteral("bad.sh"),
              "#!/bin/sh\nprintf '{\"kind\":\"ExecCredential\",\"status\":"
              "{\"clientCertificateData\":\"x\"}}'\n",
              true);
        const QString cfg = write(
            dir, QStringLiteral("config"),
            "clusters:\n- name: c\n  cluster: {server: https://h}\n"
            "users:\n- name: u\n  user:\n    exec:\n      command: ./plugin.sh\n"
            "      apiVersion: client.authentication.k8s.io/v1\n      args: [arg1]\n"
            "      env: [{name: TEAM, value: blue}]\n"
            "- name: bad\n  user:\n    exec: {command: ./bad.sh}\n"
            "- name: gone\n  user:\n    exec: {command: ./none.sh, installHint: 'apt install x'}\n"
            "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
            "- name: bad\n  context: {cluster: c, user: bad}\n"
            "- name: gone\n  context: {cluster: c, user: gone}\ncurrent-context: x\n");
        KubeConfig c;
        QVERIFY(c.load({cfg}));
        QString error;
        auto conn = KubeConnection::resolve(c, {}, &error);
        QVERIFY2(conn, qPrintable(error));
        QCOMPARE(conn->authorization(), QByteArray("Bearer ok-blue-arg1"));

        QVERIFY(!KubeConnection::resolve(c, QStringLiteral("bad"), &error));
        QVERIFY2(error.contains(QLatin1String("pair")), qPrintable(error));
        QVERIFY(!KubeConnection::resolve(c, QStringLiteral("gone"), &error));
        QVERIFY2(error.contains(QLatin1String("apt install x")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestKubeConfig)
#include "tst_kubeconfig.moc"
