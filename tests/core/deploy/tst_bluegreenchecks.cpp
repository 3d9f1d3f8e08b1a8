// The guards around a blue/green switch, against the local control plane (kwok makes pods
// Ready) and the real dockerd (the smoke test runs the new image as a container): smoke
// test and metric gate before the switch, the verification window after it (its failure
// switches back by itself), scale-down after the delay, rollback and abort inside the
// window, the apiserver restarting mid-window, and the history each action leaves.
#include "bluegreentest.h"

#include "core/deploy/bluegreencontroller.h"
#include "core/deploy/smokecheck.h"
#include "core/docker/dockerclient.h"
#include "core/store/runstore.h"

#include <QDateTime>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

class TestBlueGreenChecks : public QObject
{
    Q_OBJECT

    std::optional<KubeConnection> m_connection;
    std::optional<KubeClient> m_client;
    QString m_ns;
    QTemporaryDir m_data;
    std::unique_ptr<RunStore> m_store;

    static constexpr auto Good1 = "pipewright-test/bg-app:good1";
    static constexpr auto Good2 = "pipewright-test/bg-app:good2";
    static constexpr auto Broken = "pipewright-test/bg-app:broken";
    static constexpr auto Weak = "pipewright-test/bg-app:weak";
    static constexpr auto Slow = "pipewright-test/bg-app:slow"; // answers after 4 s

    EnvironmentSpec env() const
    {
        EnvironmentSpec e = bgtest::environment(m_ns);
        e.smoke = QStringLiteral("docker");
        e.smokeTimeoutMs = 15000;
        e.metricsPath = QStringLiteral("/metrics.json");
        e.metricThresholds.insert(QStringLiteral("accuracy"), QStringLiteral(">= 0.9"));
        e.verifyIntervalMs = 300;
        return e;
    }

    std::unique_ptr<BlueGreenController> controller() const
    {
        auto c = std::make_unique<BlueGreenController>(*m_connection);
        c->setActor(QStringLiteral("tester"));
        c->setRolloutTimeoutMs(120000);
        c->setHistory(m_store.get());
        return c;
    }

    using Done = bgtest::Done;
    static Done await(BlueGreenController &c, const std::function<void()> &start)
    {
        return bgtest::await(c, start);
    }

    QJsonObject service() const { return bgtest::service(*m_client, m_ns); }
    QString live() const { return bgtest::live(*m_client, m_ns); }
    QString annotation(const QString &key) const
    {
        return service()[u"metadata"][u"annotations"][QStringLiteral("pipewright.dev/") + key]
            .toString();
    }
    int replicas(const QString &colour) const
    {
        return m_client->get(QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                             QStringLiteral("web-") + colour, m_ns)
            .object[u"spec"][u"replicas"].toInt(-1);
    }
    int smokeContainers() const { return bgtest::smokeContainers(m_ns + QStringLiteral(".production")); }

    // Good1 live on blue; `greenImage` ready on green.
    void setUp(BlueGreenController &c, const EnvironmentSpec &e, const QString &greenImage)
    {
        Done d = await(c, [&] { c.deployToIdle(e, QString::fromLatin1(Good1), QStringLiteral("c1")); });
        QVERIFY2(d.ok, qPrintable(d.message));
        EnvironmentSpec first = e;
        first.verifyWindowMs = 0;
        d = await(c, [&] { c.promote(first); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(live(), QStringLiteral("blue"));
        d = await(c, [&] { c.deployToIdle(e, greenImage, QStringLiteral("c2")); });
        QVERIFY2(d.ok, qPrintable(d.message));
    }

    QList<SwitchRecord> history() const
    {
        return m_store->switches(QStringLiteral("production"), m_ns);
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
        QVERIFY2(bgtest::buildApp(QString::fromLatin1(Good1), true, QStringLiteral("0.93"), &error),
                 qPrintable(error));
        QVERIFY2(bgtest::buildApp(QString::fromLatin1(Good2), true, QStringLiteral("0.95"), &error),
                 qPrintable(error));
        QVERIFY2(bgtest::buildApp(QString::fromLatin1(Broken), false, QStringLiteral("0.95"), &error),
                 qPrintable(error));
        QVERIFY2(bgtest::buildApp(QString::fromLatin1(Weak), true, QStringLiteral("0.5"), &error),
                 qPrintable(error));
        QVERIFY2(bgtest::buildApp(QString::fromLatin1(Slow), true, QStringLiteral("0.95"), &error, 4),
                 qPrintable(error));
        m_store = std::make_unique<RunStore>();
        QVERIFY2(m_store->open(m_data.path()), qPrintable(m_store->errorString()));
    }

    void init()
    {
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-bgc"));
        QVERIFY(!m_ns.isEmpty());
    }

    void cleanup()
    {
        kubetest::deleteNamespace(*m_client, m_ns);
        QString error;
        EnvironmentSpec e = env();
        SmokeCheck::removeOrphans(e, true, &error);
    }

    void smokeAndMetricsPassThenSwitch()
    {
        auto c = controller();
        const EnvironmentSpec e = env();
        setUp(*c, e, QString::fromLatin1(Good2));
        QStringList progress;
        connect(c.get(), &BlueGreenController::progress, this,
                [&progress](const QString &line) { progress << line; });
        const Done d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(live(), QStringLiteral("green"));
        const QString log = progress.join(u'\n');
        QVERIFY2(log.contains(QStringLiteral("smoke test passed")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("accuracy")), qPrintable(log)); // the gate's table
        QCOMPARE(annotation(QStringLiteral("previous-colour")), QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
        QCOMPARE(smokeContainers(), 0); // no window: the container went with the check
        const QList<SwitchRecord> h = history();
        QVERIFY(h.size() >= 4);
        QCOMPARE(h.first().action, QStringLiteral("promote"));
        QCOMPARE(h.first().fromColour, QStringLiteral("blue"));
        QCOMPARE(h.first().toColour, QStringLiteral("green"));
        QCOMPARE(h.first().commit, QStringLiteral("c2"));
        QCOMPARE(h.first().outcome, QStringLiteral("ok"));
        QCOMPARE(h.first().actor, QStringLiteral("tester"));
    }

    void failedSmokeTestLeavesTraffic()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.smokeTimeoutMs = 3000;
        setUp(*c, e, QString::fromLatin1(Broken));
        const QString rv = kubetest::rvOf(service());
        const Done d = await(*c, [&] { c->promote(e); });
        QVERIFY(d.finished);
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QStringLiteral("smoke test failed")), qPrintable(d.message));
        QVERIFY2(d.message.contains(QStringLiteral("HTTP 404")), qPrintable(d.message));
        QVERIFY2(d.message.contains(QStringLiteral("traffic stays on blue")), qPrintable(d.message));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(kubetest::rvOf(service()), rv); // not even an annotation was written
        QCOMPARE(smokeContainers(), 0);
        QCOMPARE(history().first().action, QStringLiteral("promote"));
        QCOMPARE(history().first().outcome, QStringLiteral("failed"));
    }

    void failedMetricGateLeavesTraffic()
    {
        auto c = controller();
        const EnvironmentSpec e = env();
        setUp(*c, e, QString::fromLatin1(Weak));
        const Done d = await(*c, [&] { c->promote(e); });
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QStringLiteral("metric gate failed")), qPrintable(d.message));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(smokeContainers(), 0);
    }

    // The new version dies during the window: traffic goes back by itself.
    void failedPostPromotionCheckSwitchesBack()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.verifyWindowMs = 120000;
        setUp(*c, e, QString::fromLatin1(Good2));
        Done d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(live(), QStringLiteral("green"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("verifying"));
        QCOMPARE(smokeContainers(), 1);

        QSignalSpy finished(c.get(), &BlueGreenController::finished);
        QSignalSpy progress(c.get(), &BlueGreenController::progress);
        c->verify(e);
        QVERIFY(QTest::qWaitFor([&] { return !progress.isEmpty(); }, 10000));
        // The fault: the new version's process dies.
        DockerClient docker;
        QVERIFY(docker.negotiate());
        QJsonArray list;
        QVERIFY(docker.listContainers(&list, QStringLiteral("pipewright.smoke.environment=")
                                                 + m_ns + QStringLiteral(".production"), false));
        QCOMPARE(list.size(), 1);
        QVERIFY(docker.killContainer(list.at(0)[u"Id"].toString()));
        QVERIFY(finished.wait(60000));
        QVERIFY(!finished.first().at(1).toBool());
        const QString message = finished.first().at(2).toString();
        QVERIFY2(message.contains(QStringLiteral("switched traffic back to blue")),
                 qPrintable(message));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
        QCOMPARE(annotation(QStringLiteral("switched-by")), QStringLiteral("tester (automatic)"));
        QCOMPARE(smokeContainers(), 0);
        QCOMPARE(history().first().action, QStringLiteral("auto-rollback"));
        QCOMPARE(history().first().toColour, QStringLiteral("blue"));
        QCOMPARE(history().first().outcome, QStringLiteral("ok"));
    }

    // A window that passes; the old colour stays warm until its delay, then scales to zero;
    // a rollback after that scales it back up before switching.
    void verifiedSwitchScalesDownAfterDelay()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.verifyWindowMs = 1500;
        e.scaleDownDelayMs = 1500;
        setUp(*c, e, QString::fromLatin1(Good2));
        Done d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        d = await(*c, [&] { c->verify(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(d.op, BlueGreenController::Operation::Verify);
        QCOMPARE(live(), QStringLiteral("green"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
        const QDateTime due = c->lastStatus().scaleDownAt;
        QVERIFY(due.isValid());
        QCOMPARE(smokeContainers(), 0);
        // Not due yet (or just due): blue is warm until the scale-down happens.
        QCOMPARE(replicas(QStringLiteral("blue")), 2);
        QVERIFY(c->lastStatus().previousIsWarm());
        QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() >= due; }, 10000));
        d = await(*c, [&] { c->scaleDownIfDue(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(replicas(QStringLiteral("blue")), 0);
        QCOMPARE(replicas(QStringLiteral("green")), 2);
        QCOMPARE(annotation(QStringLiteral("scale-down-at")), QString());
        QCOMPARE(history().first().action, QStringLiteral("scale-down"));
        // A second call finds nothing due.
        d = await(*c, [&] { c->scaleDownIfDue(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(history().first().action, QStringLiteral("scale-down"));
        QCOMPARE(history().size(), history().size());

        d = await(*c, [&] { c->rollback(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(replicas(QStringLiteral("blue")), 2);
        QVERIFY(c->lastStatus().blue.canTakeTraffic());
        // Deploying onto a colour that was scaled down by merge patch works (no SSA conflict).
        d = await(*c, [&] { c->deployToIdle(e, QString::fromLatin1(Good1), QStringLiteral("c3")); });
        QVERIFY2(d.ok, qPrintable(d.message));
    }

    void rollbackDuringWindowCancelsVerification()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.verifyWindowMs = 120000;
        setUp(*c, e, QString::fromLatin1(Good2));
        Done d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QSignalSpy finished(c.get(), &BlueGreenController::finished);
        c->verify(e);
        QVERIFY(c->isBusy());
        // While verifying, a new deploy onto the way back is refused by the cluster state.
        {
            auto other = controller();
            const Done refused = await(*other, [&] {
                other->deployToIdle(e, QString::fromLatin1(Good1), QStringLiteral("c9"));
            });
            QVERIFY(!refused.ok);
            QVERIFY2(refused.message.contains(QStringLiteral("being verified")),
                     qPrintable(refused.message));
        }
        c->rollback(e);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() >= 2; }, 60000));
        QCOMPARE(finished.at(0).at(0).value<BlueGreenController::Operation>(),
                 BlueGreenController::Operation::Verify);
        QVERIFY(!finished.at(0).at(1).toBool());
        QCOMPARE(finished.at(1).at(0).value<BlueGreenController::Operation>(),
                 BlueGreenController::Operation::Rollback);
        QVERIFY2(finished.at(1).at(1).toBool(), qPrintable(finished.at(1).at(2).toString()));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
        QVERIFY(QTest::qWaitFor([&] { return smokeContainers() == 0; }, 15000));
    }

    void abortDuringWindowSwitchesBackAndScalesDownTheNewColour()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.verifyWindowMs = 120000;
        setUp(*c, e, QString::fromLatin1(Good2));
        Done d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QSignalSpy finished(c.get(), &BlueGreenController::finished);
        c->verify(e);
        c->abort(e);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() >= 2; }, 60000));
        QCOMPARE(finished.at(1).at(0).value<BlueGreenController::Operation>(),
                 BlueGreenController::Operation::Abort);
        QVERIFY2(finished.at(1).at(1).toBool(), qPrintable(finished.at(1).at(2).toString()));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(replicas(QStringLiteral("green")), 0);
        QCOMPARE(replicas(QStringLiteral("blue")), 2);
        QCOMPARE(history().first().action, QStringLiteral("abort"));
    }

    void rollbackRefusesAVersionDeployedAfterTheSwitch()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.smoke = QStringLiteral("none");
        e.metricThresholds.clear();
        setUp(*c, e, QString::fromLatin1(Good2));
        Done d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        d = await(*c, [&] { c->deployToIdle(e, QString::fromLatin1(Good1), QStringLiteral("c3")); });
        QVERIFY2(d.ok, qPrintable(d.message));
        d = await(*c, [&] { c->rollback(e); });
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QStringLiteral("deployed after the switch")),
                 qPrintable(d.message));
        QCOMPARE(live(), QStringLiteral("green"));
    }

    // The apiserver restarts in the middle of the window: an unreachable apiserver is not a
    // failing version — the window finishes and traffic stays.
    void apiserverRestartDuringWindowDoesNotSwitchBack()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.verifyWindowMs = 12000;
        setUp(*c, e, QString::fromLatin1(Good2));
        Done d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QSignalSpy finished(c.get(), &BlueGreenController::finished);
        c->verify(e);
        QString out;
        QCOMPARE(kubetest::runScript(QStringLiteral("restart-apiserver"), &out, 120000), 0);
        QVERIFY(finished.wait(90000) || !finished.isEmpty());
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QCOMPARE(live(), QStringLiteral("green"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
    }

    // The apiserver goes away while a promote runs its smoke test, and is back by the time
    // (or soon after) the switch is written: the switch is retried, lands once, and the
    // environment is consistent.
    void apiserverRestartDuringPromote()
    {
        auto c = controller();
        const EnvironmentSpec e = env();
        setUp(*c, e, QString::fromLatin1(Slow));
        QSignalSpy finished(c.get(), &BlueGreenController::finished);
        QSignalSpy progress(c.get(), &BlueGreenController::progress);
        c->promote(e);
        QVERIFY(QTest::qWaitFor([&] {
            for (const QList<QVariant> &p : progress) {
                if (p.at(0).toString().contains(QStringLiteral("runs locally as container")))
                    return true;
            }
            return false;
        }, 30000));
        QString out;
        QCOMPARE(kubetest::runScript(QStringLiteral("restart-apiserver"), &out, 120000), 0);
        QVERIFY(!finished.isEmpty() || finished.wait(90000));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QCOMPARE(live(), QStringLiteral("green"));
        QCOMPARE(annotation(QStringLiteral("active-colour")), QStringLiteral("green"));
        QCOMPARE(annotation(QStringLiteral("previous-colour")), QStringLiteral("blue"));
        QCOMPARE(smokeContainers(), 0);
    }

    void missingNamespaceIsReported()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.kubeNamespace = QStringLiteral("pw-no-such-namespace");
        const Done d = await(*c, [&] {
            c->deployToIdle(e, QString::fromLatin1(Good1), QStringLiteral("c1"));
        });
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QStringLiteral("pw-no-such-namespace")), qPrintable(d.message));
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenChecks)
#include "tst_bluegreenchecks.moc"
