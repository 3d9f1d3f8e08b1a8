// examples/bluegreen end to end, as its README tells a user to run it: `pipewright run`
// builds the image with the real dockerd and ships it blue/green to the local control plane;
// a model below the accuracy threshold is refused before traffic moves; `pipewright env`
// rolls back. The example is copied so the namespace can be this test's own.
#include "kubetestplane.h"

#include "core/deploy/smokecheck.h"
#include "core/kube/kubeclient.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

class TestBlueGreenExample : public QObject
{
    Q_OBJECT

    std::optional<KubeClient> m_client;
    QString m_ns;
    QTemporaryDir m_dir;
    QString m_file;

    struct Result
    {
        int code = -1;
        QString out;
    };

    Result pw(const QStringList &args) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), kubetest::kubeconfigPath());
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(m_dir.path());
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(PW_CLI_PATH), args);
        Result r;
        if (!p.waitForFinished(300000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAll());
        return r;
    }

    Result run(const QString &version, const QString &accuracy = QStringLiteral("0.93")) const
    {
        return pw({QStringLiteral("run"), m_file, QStringLiteral("--workspace"), m_dir.path(),
                   QStringLiteral("--set"), QStringLiteral("MODEL_VERSION=") + version,
                   QStringLiteral("--set"), QStringLiteral("ACCURACY=") + accuracy});
    }

    QJsonObject get(const QString &apiVersion, const QString &kind, const QString &name) const
    {
        return m_client->get(apiVersion, kind, name, m_ns).object;
    }
    QString live() const
    {
        return get(QStringLiteral("v1"), QStringLiteral("Service"),
                   QStringLiteral("model-server"))[u"spec"][u"selector"][u"colour"].toString();
    }
    int replicas(const QString &colour) const
    {
        return get(QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                   QStringLiteral("model-server-") + colour)[u"spec"][u"replicas"].toInt(-1);
    }

private slots:
    void initTestCase()
    {
        QString error;
        if (!kubetest::ensureUp(&error))
            QFAIL(qPrintable(error));
        const auto connection = kubetest::connection();
        QVERIFY(connection);
        m_client.emplace(*connection);
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-bgx"));
        QVERIFY(!m_ns.isEmpty());
        const QString src = QStringLiteral(PW_SOURCE_DIR "/examples/bluegreen");
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("app"))));
        QVERIFY(QFile::copy(src + QStringLiteral("/app/Dockerfile"),
                            m_dir.filePath(QStringLiteral("app/Dockerfile"))));
        QFile in(src + QStringLiteral("/.pipewright.yml"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        QVERIFY(text.contains("namespace: pipewright-example"));
        text.replace("namespace: pipewright-example", "namespace: " + m_ns.toUtf8());
        m_file = m_dir.filePath(QStringLiteral(".pipewright.yml"));
        QFile out(m_file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
    }

    void cleanupTestCase()
    {
        if (m_client)
            kubetest::deleteNamespace(*m_client, m_ns);
        EnvironmentSpec e;
        e.name = QStringLiteral("production");
        e.kubeNamespace = m_ns;
        QString error;
        SmokeCheck::removeOrphans(e, true, &error);
    }

    void shipsTwoVersionsAndRefusesAWeakModel()
    {
        Result r = run(QStringLiteral("1"));
        QVERIFY2(r.code == 0, qPrintable(r.out.right(4000)));
        QVERIFY2(r.out.contains(QStringLiteral("smoke test passed")), qPrintable(r.out.right(4000)));
        QCOMPARE(live(), QStringLiteral("blue"));

        r = run(QStringLiteral("2"));
        QVERIFY2(r.code == 0, qPrintable(r.out.right(4000)));
        QVERIFY2(r.out.contains(QStringLiteral("green verified")), qPrintable(r.out.right(4000)));
        QVERIFY2(r.out.contains(QStringLiteral("blue scaled to zero")), qPrintable(r.out.right(4000)));
        QCOMPARE(live(), QStringLiteral("green"));
        QCOMPARE(replicas(QStringLiteral("blue")), 0);
        QCOMPARE(get(QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                     QStringLiteral("model-server-green"))[u"spec"][u"template"][u"spec"]
                     [u"containers"][0][u"image"].toString(),
                 QStringLiteral("pipewright-example/model-server:2"));

        // A model below the threshold: deployed to the idle colour, never switched to.
        r = run(QStringLiteral("3"), QStringLiteral("0.5"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("metric gate failed")), qPrintable(r.out.right(4000)));
        QCOMPARE(live(), QStringLiteral("green"));

        // By hand: the way back to version 1 is a redeploy, then status and history.
        r = pw({QStringLiteral("env"), QStringLiteral("status"), m_file,
                QStringLiteral("production"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject s = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(s[u"active"].toString(), QStringLiteral("green"));
        QCOMPARE(s[u"blue"][u"image"].toString(), QStringLiteral("pipewright-example/model-server:3"));
        r = pw({QStringLiteral("env"), QStringLiteral("history"), m_file,
                QStringLiteral("production"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonArray h = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QStringList actions;
        for (const QJsonValue &v : h)
            actions.prepend(v[u"action"].toString() + u':' + v[u"outcome"].toString());
        QCOMPARE(actions, (QStringList{u"deploy:ok"_qs, u"promote:ok"_qs, u"deploy:ok"_qs,
                                       u"promote:ok"_qs, u"scale-down:ok"_qs, u"deploy:ok"_qs,
                                       u"promote:failed"_qs}));
        QVERIFY(h.at(0)[u"run"].toInt() > 0); // done by a run, tied to it
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenExample)
#include "tst_bluegreenexample.moc"
