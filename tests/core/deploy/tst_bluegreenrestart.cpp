// `pipewright env` as an operator uses it, and the app killed in the middle of a switch:
// the real executable against the local control plane and dockerd. A process is SIGKILLed
// before and after the switch; `pipewright env recover` must leave the environment
// consistent — selector and annotations agree, traffic on a colour with every replica
// ready, no verification left pending, no smoke container left behind.
#include "bluegreentest.h"

#include "core/deploy/smokecheck.h"
#include "core/kube/kubeclient.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace pw::core;

class TestBlueGreenRestart : public QObject
{
    Q_OBJECT

    std::optional<KubeConnection> m_connection;
    std::optional<KubeClient> m_client;
    QString m_ns;
    QTemporaryDir m_dir;
    QString m_file;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), kubetest::kubeconfigPath());
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("USER"), QStringLiteral("operator"));
        return env;
    }

    struct Result
    {
        int code = -1;
        QString out;
        QString err;
    };

    Result pw(const QStringList &args, int timeoutMs = 120000) const
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(QStringLiteral(PW_CLI_PATH), args);
        Result r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("timed out");
            return r;
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    QStringList env(const QString &action) const
    {
        return {QStringLiteral("env"), action, m_file, QStringLiteral("production")};
    }

    // Starts `pipewright env promote`, and SIGKILLs it as soon as its output shows `marker`.
    bool promoteKilledAt(const QString &marker, QString *seen)
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(QStringLiteral(PW_CLI_PATH), env(QStringLiteral("promote")));
        if (!p.waitForStarted())
            return false;
        const bool found = QTest::qWaitFor([&] {
            *seen += QString::fromUtf8(p.readAllStandardOutput());
            return seen->contains(marker) || p.state() == QProcess::NotRunning;
        }, 90000);
        if (!found || p.state() == QProcess::NotRunning) {
            *seen += QString::fromUtf8(p.readAllStandardError());
            return false;
        }
        ::kill(pid_t(p.processId()), SIGKILL);
        p.waitForFinished();
        return true;
    }

    QJsonObject service() const { return bgtest::service(*m_client, m_ns); }
    QString ann(const QString &key) const
    {
        return service()[u"metadata"][u"annotations"][QStringLiteral("pipewright.dev/") + key]
            .toString();
    }
    QString live() const { return bgtest::live(*m_client, m_ns); }
    int smokeContainers() const { return bgtest::smokeContainers(m_ns + QStringLiteral(".production")); }

    // The invariant after any recovery.
    void verifyConsistent()
    {
        QCOMPARE(ann(QStringLiteral("active-colour")), live());
        QCOMPARE(ann(QStringLiteral("phase")), QStringLiteral("stable"));
        QCOMPARE(ann(QStringLiteral("verifier")), QString());
        const QJsonObject d = m_client->get(QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                                            QStringLiteral("web-") + live(), m_ns).object;
        QVERIFY(d[u"spec"][u"replicas"].toInt() > 0);
        QCOMPARE(d[u"status"][u"readyReplicas"].toInt(), d[u"spec"][u"replicas"].toInt());
        QCOMPARE(smokeContainers(), 0);
    }

private slots:
    void initTestCase()
    {
        QString error;
        if (!kubetest::ensureUp(&error))
            QFAIL(qPrintable(error));
        m_connection = kubetest::connection();
        QVERIFY(m_connection);
        m_client.emplace(*m_connection);
        QVERIFY2(bgtest::buildApp(QStringLiteral("pipewright-test/bg-app:good1"), true,
                                  QStringLiteral("0.93"), &error),
                 qPrintable(error));
        QVERIFY2(bgtest::buildApp(QStringLiteral("pipewright-test/bg-app:good2"), true,
                                  QStringLiteral("0.95"), &error),
                 qPrintable(error));
        // Answers only after 4 s: a kill during its smoke test surely comes before the switch.
        QVERIFY2(bgtest::buildApp(QStringLiteral("pipewright-test/bg-app:slow"), true,
                                  QStringLiteral("0.95"), &error, 4),
                 qPrintable(error));
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-bgr"));
        QVERIFY(!m_ns.isEmpty());
        m_file = m_dir.filePath(QStringLiteral(".pipewright.yml"));
        QFile f(m_file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("version: 1\n"
                               "name: restart\n"
                               "environments:\n"
                               "  production:\n"
                               "    namespace: %1\n"
                               "    app: web\n"
                               "    service: web\n"
                               "    port: 8080\n"
                               "    health-path: /healthz\n"
                               "    replicas: 2\n"
                               "    smoke: docker\n"
                               "    smoke-timeout: 20s\n"
                               "    metrics-path: /metrics.json\n"
                               "    metrics: {accuracy: \">= 0.9\"}\n"
                               "    verify-window: 8s\n"
                               "    verify-interval: 300ms\n"
                               "    scale-down-delay: 1h\n"
                               "stages:\n"
                               "  - id: noop\n"
                               "    steps:\n"
                               "      - run: \"true\"\n")
                    .arg(m_ns)
                    .toUtf8());
        f.close();
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

    void usageAndBadInput()
    {
        Result r = pw({QStringLiteral("env"), QStringLiteral("launch"), m_file,
                       QStringLiteral("production")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unknown action 'launch'")), qPrintable(r.err));
        r = pw(env(QStringLiteral("deploy")));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--image")), qPrintable(r.err));
        r = pw({QStringLiteral("env"), QStringLiteral("status"), m_file, QStringLiteral("prod")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no environment 'prod'")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("production")), qPrintable(r.err));
        r = pw({QStringLiteral("env"), QStringLiteral("status"), m_dir.filePath(QStringLiteral("nope.yml")),
                QStringLiteral("production")});
        QCOMPARE(r.code, 2);
        // A context the kubeconfig does not have.
        QTemporaryDir other;
        const QString file = other.filePath(QStringLiteral("p.yml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("version: 1\nenvironments:\n  production: {context: no-such-context, app: web, "
                "service: web}\nstages:\n  - id: a\n    steps:\n      - run: \"true\"\n");
        f.close();
        r = pw({QStringLiteral("env"), QStringLiteral("status"), file, QStringLiteral("production")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no-such-context")), qPrintable(r.err));
    }

    void deployPromoteAndStatusFromTheCommandLine()
    {
        Result r = pw(env(QStringLiteral("deploy")) << QStringLiteral("--image")
                          << QStringLiteral("pipewright-test/bg-app:good1")
                          << QStringLiteral("--commit") << QStringLiteral("c1"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("blue is ready")), qPrintable(r.out));
        r = pw(env(QStringLiteral("promote")));
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("smoke test passed")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("verified")), qPrintable(r.out));
        QCOMPARE(live(), QStringLiteral("blue"));
        verifyConsistent();
        r = pw(env(QStringLiteral("status")) << QStringLiteral("--json"));
        QCOMPARE(r.code, 0);
        const QJsonObject s = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(s[u"active"].toString(), QStringLiteral("blue"));
        QCOMPARE(s[u"blue"][u"ready"].toInt(), 2);
        QCOMPARE(s[u"blue"][u"health"].toString(), QStringLiteral("healthy"));
        QCOMPARE(s[u"green"][u"exists"].toBool(), false);
        // Promoting again has nothing new to promote: refused, traffic unchanged.
        r = pw(env(QStringLiteral("promote")));
        QCOMPARE(r.code, 1);
        QCOMPARE(live(), QStringLiteral("blue"));
    }

    // Killed after the switch, inside the window: recovery takes the window over and ends it.
    void killedDuringVerificationRecovers()
    {
        Result r = pw(env(QStringLiteral("deploy")) << QStringLiteral("--image")
                          << QStringLiteral("pipewright-test/bg-app:good2")
                          << QStringLiteral("--commit") << QStringLiteral("c2"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QString seen;
        QVERIFY2(promoteKilledAt(QStringLiteral("verifying until"), &seen), qPrintable(seen));
        // Left mid-switch: traffic moved, the window pending, its container orphaned.
        QCOMPARE(live(), QStringLiteral("green"));
        QCOMPARE(ann(QStringLiteral("phase")), QStringLiteral("verifying"));
        QCOMPARE(smokeContainers(), 1);
        r = pw(env(QStringLiteral("recover")));
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("removed 1 smoke container")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("verified")), qPrintable(r.out));
        QCOMPARE(live(), QStringLiteral("green"));
        verifyConsistent();
        r = pw(env(QStringLiteral("history")) << QStringLiteral("--json"));
        QCOMPARE(r.code, 0);
        const QJsonArray h = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QVERIFY(!h.isEmpty());
        QCOMPARE(h.at(0)[u"action"].toString(), QStringLiteral("promote"));
        QCOMPARE(h.at(0)[u"to"].toString(), QStringLiteral("green"));
        QCOMPARE(h.at(0)[u"actor"].toString(), QStringLiteral("operator"));
    }

    // Killed before the switch (smoke test running): nothing moved; recovery only cleans up.
    void killedBeforeTheSwitchLeavesTraffic()
    {
        Result r = pw(env(QStringLiteral("deploy")) << QStringLiteral("--image")
                          << QStringLiteral("pipewright-test/bg-app:slow")
                          << QStringLiteral("--commit") << QStringLiteral("c3"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString rv = kubetest::rvOf(service());
        QString seen;
        QVERIFY2(promoteKilledAt(QStringLiteral("runs locally as container"), &seen),
                 qPrintable(seen));
        QCOMPARE(live(), QStringLiteral("green"));
        QCOMPARE(kubetest::rvOf(service()), rv);
        r = pw(env(QStringLiteral("recover")));
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QCOMPARE(live(), QStringLiteral("green"));
        verifyConsistent();
    }

    // Killed in the window, and the new colour stops being ready before the restart: the
    // recovery switches traffic back.
    void killedThenNewColourUnreadySwitchesBack()
    {
        QString seen;
        QVERIFY2(promoteKilledAt(QStringLiteral("verifying until"), &seen), qPrintable(seen));
        QCOMPARE(live(), QStringLiteral("blue"));
        // Blue's new pods can never be scheduled: its rollout cannot complete.
        const QByteArray patch =
            R"({"spec":{"template":{"spec":{"nodeSelector":{"pipewright-test":"nowhere"}}}}})";
        const KubeResult p = m_client->patch(QStringLiteral("apps/v1"),
                                             QStringLiteral("Deployment"),
                                             QStringLiteral("web-blue"), patch,
                                             "application/strategic-merge-patch+json", m_ns);
        QVERIFY2(p.ok, qPrintable(p.message));
        const Result r = pw(env(QStringLiteral("recover")));
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("switched traffic back to green")) ||
                     r.err.contains(QStringLiteral("switched traffic back to green")),
                 qPrintable(r.out + r.err));
        QCOMPARE(live(), QStringLiteral("green"));
        verifyConsistent();
        // Undo the fault so blue can take the next deploy.
        const KubeResult undo = m_client->patch(
            QStringLiteral("apps/v1"), QStringLiteral("Deployment"), QStringLiteral("web-blue"),
            R"({"spec":{"template":{"spec":{"nodeSelector":null}}}})",
            "application/merge-patch+json", m_ns);
        QVERIFY2(undo.ok, qPrintable(undo.message));
    }

    // Two operators promote at the same moment: one switch, the other refused clearly.
    void twoConcurrentPromotesOneWins()
    {
        Result r = pw(env(QStringLiteral("deploy")) << QStringLiteral("--image")
                          << QStringLiteral("pipewright-test/bg-app:good1")
                          << QStringLiteral("--commit") << QStringLiteral("c4"));
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QProcess a, b;
        for (QProcess *p : {&a, &b}) {
            p->setProcessEnvironment(environment());
            p->start(QStringLiteral(PW_CLI_PATH), env(QStringLiteral("promote")));
        }
        QVERIFY(a.waitForFinished(120000) && b.waitForFinished(120000));
        const QList<int> codes = {a.exitCode(), b.exitCode()};
        const QString errA = QString::fromUtf8(a.readAllStandardError());
        const QString errB = QString::fromUtf8(b.readAllStandardError());
        QVERIFY2(codes.count(0) == 1 && codes.count(1) == 1, qPrintable(errA + errB));
        const QString loser = a.exitCode() ? errA : errB;
        QVERIFY2(loser.contains(QStringLiteral("refused")), qPrintable(loser));
        QCOMPARE(live(), QStringLiteral("blue"));
        verifyConsistent();
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenRestart)
#include "tst_bluegreenrestart.moc"
