#include "bluegreentest.h"

#include "core/deploy/bluegreencontroller.h"
#include "core/deploy/bluegreensteprunner.h"
#include "core/store/runstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

// The `bluegreen` step as the engine would drive it, against the local control plane.
class TestBlueGreenStepRunner : public QObject
{
    Q_OBJECT

    std::optional<KubeConnection> m_connection;
    std::optional<KubeClient> m_client;
    QString m_ns;

    EnvironmentSpec env() const
    {
        EnvironmentSpec e = bgtest::environment(m_ns);
        e.scaleDownDelayMs = 500;
        return e;
    }

    static StepSpec step(const QString &image, const QString &promote = {})
    {
        StepSpec s;
        s.kind = QStringLiteral("bluegreen");
        s.params = {{QStringLiteral("environment"), QStringLiteral("production")},
                    {QStringLiteral("image"), image}};
        if (!promote.isEmpty())
            s.params.insert(QStringLiteral("promote"), promote);
        return s;
    }

    static QProcessEnvironment runEnv()
    {
        QProcessEnvironment e;
        e.insert(QStringLiteral("KUBECONFIG"), kubetest::kubeconfigPath());
        e.insert(QStringLiteral("PW_COMMIT"), QStringLiteral("abc123"));
        e.insert(QStringLiteral("PW_RUN_ID"), QStringLiteral("7"));
        return e;
    }

    QJsonObject service() const { return bgtest::service(*m_client, m_ns); }
    QString activeColour() const { return bgtest::live(*m_client, m_ns); }

    // blue (web:1) takes traffic, through the controller.
    void blueLive()
    {
        BlueGreenController c(*m_connection);
        QSignalSpy done(&c, &BlueGreenController::finished);
        c.deployToIdle(env(), QStringLiteral("registry.local/web:1"), QStringLiteral("c1"));
        QVERIFY(done.wait(120000));
        QVERIFY2(done.last().at(1).toBool(), qPrintable(done.last().at(2).toString()));
        c.promote(env());
        QVERIFY(done.wait(60000));
        QVERIFY2(done.last().at(1).toBool(), qPrintable(done.last().at(2).toString()));
        QCOMPARE(activeColour(), QStringLiteral("blue"));
    }

    struct Outcome
    {
        bool finished = false;
        bool ok = false;
        QString message;
        QString output;
    };

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
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-bgstep"));
        QVERIFY(!m_ns.isEmpty());
        blueLive();
    }

    void cleanup() { kubetest::deleteNamespace(*m_client, m_ns); }

    void autoPromotion()
    {
        std::unique_ptr<BlueGreenStepRunner> runner(BlueGreenStepRunner::fromStep(
            step(QStringLiteral("registry.local/web:2")), env(), QString(), runEnv()));
        QTemporaryDir data;
        RunStore store;
        QVERIFY(store.open(data.path()));
        runner->setHistory(&store, 7);
        QString output;
        connect(runner.get(), &StepRunner::output, this,
                [&output](OutputStream, const QByteArray &d) { output += QString::fromUtf8(d); });
        QSignalSpy done(runner.get(), &StepRunner::finished);
        runner->start();
        QVERIFY(done.wait(150000));
        QVERIFY2(done.first().at(0).toBool(),
                 qPrintable(done.first().at(2).toString() + u'\n' + output));
        // The step ends after the old colour's scale-down delay (500 ms here), once it is gone.
        QCOMPARE(done.first().at(2).toString(),
                 QStringLiteral("green takes traffic; blue scaled to zero; a rollback now needs "
                                "a rollout"));
        QVERIFY2(output.contains(QLatin1String("deployment.apps/web-green applied")),
                 qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("service/web now sends traffic to green "
                                               "(registry.local/web:2)")),
                 qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("blue stays warm for")), qPrintable(output));
        QCOMPARE(m_client->get(QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                               QStringLiteral("web-blue"), m_ns)
                     .object[u"spec"][u"replicas"].toInt(-1),
                 0);
        QCOMPARE(activeColour(), QStringLiteral("green"));
        const QJsonObject ann = service()[u"metadata"][u"annotations"].toObject();
        QCOMPARE(ann[u"pipewright.dev/switched-by"].toString(),
                 QStringLiteral("pipewright run 7"));
        QCOMPARE(ann[u"pipewright.dev/commit"].toString(), QStringLiteral("abc123"));
        // The run's history: deploy, promote, scale-down, each tied to run 7.
        QStringList actions;
        for (const SwitchRecord &r : store.switches(QStringLiteral("production"), m_ns)) {
            QCOMPARE(r.runId, 7);
            QCOMPARE(r.outcome, QStringLiteral("ok"));
            actions.prepend(r.action);
        }
        QCOMPARE(actions, (QStringList{QStringLiteral("deploy"), QStringLiteral("promote"),
                                       QStringLiteral("scale-down")}));
    }

    void manualPromotionStopsBeforeTheSwitch()
    {
        EnvironmentSpec e = env();
        e.autoPromote = true; // the step's `promote: manual` wins over the environment's
        std::unique_ptr<BlueGreenStepRunner> runner(BlueGreenStepRunner::fromStep(
            step(QStringLiteral("registry.local/web:2"), QStringLiteral("manual")), e,
            QString(), runEnv()));
        QSignalSpy done(runner.get(), &StepRunner::finished);
        runner->start();
        QVERIFY(done.wait(150000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(2).toString()));
        QCOMPARE(done.first().at(2).toString(),
                 QStringLiteral("green is ready with registry.local/web:2; promotion is "
                                "manual, traffic stays on blue"));
        QCOMPARE(activeColour(), QStringLiteral("blue"));
        const QJsonObject green = m_client->get(QStringLiteral("apps/v1"),
                                                QStringLiteral("Deployment"),
                                                QStringLiteral("web-green"), m_ns).object;
        QCOMPARE(green[u"status"][u"readyReplicas"].toInt(), 2);
    }

    void cancelDuringRolloutLeavesTraffic()
    {
        EnvironmentSpec e = env();
        e.manifests = {QStringLiteral("unschedulable.yaml")};
        std::unique_ptr<BlueGreenStepRunner> runner(BlueGreenStepRunner::fromStep(
            step(QStringLiteral("registry.local/web:2")), e,
            QStringLiteral(PW_TEST_DATA_DIR "/deploy"), runEnv()));
        QString output;
        connect(runner.get(), &StepRunner::output, this,
                [&output](OutputStream, const QByteArray &d) { output += QString::fromUtf8(d); });
        QSignalSpy done(runner.get(), &StepRunner::finished);
        runner->start();
        // stuck: the pods never schedule
        QTRY_VERIFY_WITH_TIMEOUT(
            output.contains(QLatin1String("0 of 2 updated replicas are available")), 120000);
        runner->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY(!done.first().at(0).toBool());
        QCOMPARE(done.first().at(2).toString(), QStringLiteral("cancelled"));
        QCOMPARE(activeColour(), QStringLiteral("blue"));
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenStepRunner)
#include "tst_bluegreensteprunner.moc"
