#include "bluegreentest.h"

#include "core/deploy/bluegreenlifecycle.h"

#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

// The promote → verify → scale-down sequence against the local control plane (kwok makes
// pods Ready): what it leaves in the cluster after success, a failed window, a cancel in the
// window or in the warm period, and a rollback taking over. Every verdict is read back from
// the apiserver.
class TestBlueGreenLifecycle : public QObject
{
    Q_OBJECT

    using Lifecycle = BlueGreenLifecycle;

    std::optional<KubeConnection> m_connection;
    std::optional<KubeClient> m_client;
    QString m_ns;

    EnvironmentSpec env() const
    {
        EnvironmentSpec e = bgtest::environment(m_ns);
        e.verifyIntervalMs = 300;
        return e;
    }

    std::unique_ptr<BlueGreenController> controller() const
    {
        auto c = std::make_unique<BlueGreenController>(*m_connection);
        c->setActor(QStringLiteral("tester"));
        c->setRolloutTimeoutMs(120000);
        return c;
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
        return m_client
            ->get(QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                  QStringLiteral("web-") + colour, m_ns)
            .object[u"spec"][u"replicas"]
            .toInt(-1);
    }

    // web:1 on blue taking traffic (no window), web:2 ready on green.
    void setUp(BlueGreenController &c)
    {
        EnvironmentSpec e = env();
        bgtest::Done d = bgtest::await(c, [&] {
            c.deployToIdle(e, QStringLiteral("registry.local/web:1"), QStringLiteral("c1"));
        });
        QVERIFY2(d.ok, qPrintable(d.message));
        d = bgtest::await(c, [&] { c.promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        d = bgtest::await(c, [&] {
            c.deployToIdle(e, QStringLiteral("registry.local/web:2"), QStringLiteral("c2"));
        });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(live(), QStringLiteral("blue"));
    }

    struct Run
    {
        QList<Lifecycle::Phase> phases;
        QStringList lines;
        bool finished = false;
        Lifecycle::Outcome outcome = Lifecycle::Outcome::Failed;
        QString reason;
    };

    static void observe(Lifecycle &l, Run *run)
    {
        connect(&l, &Lifecycle::phaseChanged, &l, [run](Lifecycle::Phase p) { run->phases << p; });
        connect(&l, &Lifecycle::logLine, &l, [run](const QString &line) { run->lines << line; });
        connect(&l, &Lifecycle::finished, &l, [run](Lifecycle::Outcome o, const QString &reason) {
            run->finished = true;
            run->outcome = o;
            run->reason = reason;
        });
    }

    static QString describe(const Run &r)
    {
        QStringList phases;
        for (Lifecycle::Phase p : r.phases)
            phases << Lifecycle::phaseName(p);
        return QStringLiteral("phases: %1\nreason: %2\nlog:\n%3")
            .arg(phases.join(u", "), r.reason, r.lines.join(u'\n'));
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
    }

    void init()
    {
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-bgl"));
        QVERIFY(!m_ns.isEmpty());
    }

    void cleanup() { kubetest::deleteNamespace(*m_client, m_ns); }

    // A window that passes: traffic on green, then blue is scaled down after its delay.
    void successScalesThePreviousColourDown()
    {
        auto c = controller();
        setUp(*c);
        if (QTest::currentTestFailed())
            return;
        EnvironmentSpec e = env();
        e.verifyWindowMs = 1500;
        e.scaleDownDelayMs = 500;
        Lifecycle lifecycle(c.get());
        Run run;
        observe(lifecycle, &run);
        Lifecycle::Plan plan;
        plan.waitForScaleDown = true;
        QVERIFY(lifecycle.start(e, plan));
        QVERIFY(!lifecycle.start(e, plan)); // one sequence at a time
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 120000);
        QVERIFY2(run.outcome == Lifecycle::Outcome::Promoted, qPrintable(describe(run)));
        QVERIFY2(run.phases
                     == (QList<Lifecycle::Phase>{Lifecycle::Phase::Promoting,
                                                 Lifecycle::Phase::Verifying,
                                                 Lifecycle::Phase::WaitingForScaleDown,
                                                 Lifecycle::Phase::ScalingDown,
                                                 Lifecycle::Phase::Idle}),
                 qPrintable(describe(run)));
        QCOMPARE(run.reason,
                 QStringLiteral("green takes traffic; blue scaled to zero; a rollback "
                                "now needs a rollout"));
        QVERIFY2(run.lines.filter(QStringLiteral("green verified")).size() == 1,
                 qPrintable(describe(run)));
        QCOMPARE(live(), QStringLiteral("green"));
        QCOMPARE(annotation(QStringLiteral("active-colour")), QStringLiteral("green"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
        QCOMPARE(annotation(QStringLiteral("scale-down-at")), QString());
        QCOMPARE(replicas(QStringLiteral("blue")), 0);
        QCOMPARE(replicas(QStringLiteral("green")), 2);
        QVERIFY(!c->isBusy());
    }

    // Green stops being able to take traffic inside the window: traffic goes back to blue
    // and the lifecycle says so; nothing is scaled down.
    void failedVerifyKeepsTheOldColourServing()
    {
        auto c = controller();
        setUp(*c);
        if (QTest::currentTestFailed())
            return;
        EnvironmentSpec e = env();
        e.verifyWindowMs = 120000;
        Lifecycle lifecycle(c.get());
        Run run;
        observe(lifecycle, &run);
        Lifecycle::Plan plan;
        plan.waitForScaleDown = true;
        QVERIFY(lifecycle.start(e, plan));
        QTRY_VERIFY_WITH_TIMEOUT(lifecycle.phase() == Lifecycle::Phase::Verifying, 60000);
        QCOMPARE(annotation(QStringLiteral("active-colour")), QStringLiteral("green"));
        // The fault: green's new pods can never be scheduled, so its rollout cannot complete.
        const KubeResult p = m_client->patch(
            QStringLiteral("apps/v1"), QStringLiteral("Deployment"), QStringLiteral("web-green"),
            R"({"spec":{"template":{"spec":{"nodeSelector":{"pipewright-test":"nowhere"}}}}})",
            "application/strategic-merge-patch+json", m_ns);
        QVERIFY2(p.ok, qPrintable(p.message));
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 90000);
        QVERIFY2(run.outcome == Lifecycle::Outcome::RolledBack, qPrintable(describe(run)));
        QVERIFY2(run.reason.contains(QStringLiteral("switched traffic back to blue")),
                 qPrintable(describe(run)));
        QVERIFY(!run.phases.contains(Lifecycle::Phase::ScalingDown));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("active-colour")), QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
        QCOMPARE(annotation(QStringLiteral("verifier")), QString());
        QCOMPARE(replicas(QStringLiteral("blue")), 2);
    }

    // A cancel inside the window: the unverified switch is undone, the environment is stable
    // on blue, and green stays deployed for another try.
    void cancelInTheWindowSwitchesBack()
    {
        auto c = controller();
        setUp(*c);
        if (QTest::currentTestFailed())
            return;
        EnvironmentSpec e = env();
        e.verifyWindowMs = 120000;
        Lifecycle lifecycle(c.get());
        Run run;
        observe(lifecycle, &run);
        QVERIFY(lifecycle.start(e, {}));
        QTRY_VERIFY_WITH_TIMEOUT(c->currentOperation() == BlueGreenController::Operation::Verify,
                                 60000);
        QCOMPARE(live(), QStringLiteral("green"));
        lifecycle.cancel();
        QVERIFY(lifecycle.phase() == Lifecycle::Phase::Cancelling);
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 60000);
        QVERIFY2(run.outcome == Lifecycle::Outcome::Cancelled, qPrintable(describe(run)));
        QVERIFY2(run.reason.startsWith(QStringLiteral("cancelled; service/web now sends traffic "
                                                      "to blue")),
                 qPrintable(describe(run)));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("active-colour")), QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
        QCOMPARE(annotation(QStringLiteral("verifier")), QString());
        QCOMPARE(replicas(QStringLiteral("green")), 2);
        QVERIFY(!c->isBusy());
    }

    // A cancel in the warm period: the switch is verified and stays; so does the scale-down
    // schedule, for whoever comes next.
    void cancelWhileWarmLeavesTheSchedule()
    {
        auto c = controller();
        setUp(*c);
        if (QTest::currentTestFailed())
            return;
        EnvironmentSpec e = env();
        e.scaleDownDelayMs = 10 * 60 * 1000;
        Lifecycle lifecycle(c.get());
        Run run;
        observe(lifecycle, &run);
        Lifecycle::Plan plan;
        plan.waitForScaleDown = true;
        QVERIFY(lifecycle.start(e, plan));
        QTRY_VERIFY_WITH_TIMEOUT(lifecycle.phase() == Lifecycle::Phase::WaitingForScaleDown, 60000);
        QVERIFY2(run.lines.filter(QStringLiteral("blue stays warm for")).size() == 1,
                 qPrintable(describe(run)));
        lifecycle.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 10000);
        QVERIFY2(run.outcome == Lifecycle::Outcome::Cancelled, qPrintable(describe(run)));
        QCOMPARE(run.reason, QStringLiteral("cancelled"));
        QCOMPARE(live(), QStringLiteral("green"));
        QVERIFY(!annotation(QStringLiteral("scale-down-at")).isEmpty());
        QCOMPARE(replicas(QStringLiteral("blue")), 2);
    }

    // A rollback on the same controller during the window (the panel's button) stops the
    // verification; the lifecycle steps aside instead of acting on the stopped window.
    void rollbackTakesOver()
    {
        auto c = controller();
        setUp(*c);
        if (QTest::currentTestFailed())
            return;
        EnvironmentSpec e = env();
        e.verifyWindowMs = 120000;
        Lifecycle lifecycle(c.get());
        Run run;
        observe(lifecycle, &run);
        QVERIFY(lifecycle.start(e, {}));
        QTRY_VERIFY_WITH_TIMEOUT(c->currentOperation() == BlueGreenController::Operation::Verify,
                                 60000);
        QSignalSpy done(c.get(), &BlueGreenController::finished);
        c->rollback(e);
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 60000);
        QVERIFY2(run.outcome == Lifecycle::Outcome::Superseded, qPrintable(describe(run)));
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 60000);
        QCOMPARE(done.at(1).at(0).value<BlueGreenController::Operation>(),
                 BlueGreenController::Operation::Rollback);
        QVERIFY2(done.at(1).at(1).toBool(), qPrintable(done.at(1).at(2).toString()));
        QCOMPARE(live(), QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("phase")), QStringLiteral("stable"));
        QCOMPARE(run.phases.count(Lifecycle::Phase::Recovering), 0);
    }

    // A promote refused on a stale basis: the sequence ends there and nothing moved.
    void refusedPromoteEndsTheSequence()
    {
        auto c = controller();
        setUp(*c);
        if (QTest::currentTestFailed())
            return;
        const QString rv = kubetest::rvOf(service());
        Lifecycle lifecycle(c.get());
        Run run;
        observe(lifecycle, &run);
        Lifecycle::Plan plan;
        plan.basisResourceVersion = QStringLiteral("1");
        QVERIFY(lifecycle.start(env(), plan));
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 60000);
        QVERIFY2(run.outcome == Lifecycle::Outcome::Failed, qPrintable(describe(run)));
        QVERIFY2(run.reason.startsWith(QStringLiteral("promote refused: service/web changed")),
                 qPrintable(run.reason));
        QVERIFY2(run.phases
                     == (QList<Lifecycle::Phase>{Lifecycle::Phase::Promoting,
                                                 Lifecycle::Phase::Idle}),
                 qPrintable(describe(run)));
        QCOMPARE(kubetest::rvOf(service()), rv);
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenLifecycle)
#include "tst_bluegreenlifecycle.moc"
