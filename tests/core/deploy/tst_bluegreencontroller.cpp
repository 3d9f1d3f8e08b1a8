#include "bluegreentest.h"

#include "core/deploy/bluegreencontroller.h"
#include "core/kube/kubewatch.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

// BlueGreenController against the local control plane (kwok makes pods Ready): every state
// it relies on is read back from the apiserver, never from the controller's memory.
class TestBlueGreenController : public QObject
{
    Q_OBJECT

    std::optional<KubeConnection> m_connection;
    std::optional<KubeClient> m_client;
    QString m_ns;

    EnvironmentSpec env() const { return bgtest::environment(m_ns); }

    std::unique_ptr<BlueGreenController> controller() const
    {
        auto c = std::make_unique<BlueGreenController>(*m_connection);
        c->setActor(QStringLiteral("tester"));
        c->setRolloutTimeoutMs(120000);
        return c;
    }

    using Done = bgtest::Done;
    static Done await(BlueGreenController &c, const std::function<void()> &start)
    {
        return bgtest::await(c, start);
    }

    QJsonObject service() const { return bgtest::service(*m_client, m_ns); }

    QJsonObject selector() const { return service()[u"spec"][u"selector"].toObject(); }

    QString annotation(const QString &key) const
    {
        return service()[u"metadata"][u"annotations"][key].toString();
    }

    static QJsonObject colour(const QString &c)
    {
        return {{QStringLiteral("app"), QStringLiteral("web")}, {QStringLiteral("colour"), c}};
    }

    // Runs `start` and returns the ms until a watch on the Service sees it select `target`:
    // the moment traffic moves, as any other client of the apiserver would see it.
    qint64 msUntilSelected(const QString &target, const std::function<void()> &start)
    {
        KubeWatch watch(*m_connection, QStringLiteral("v1"), QStringLiteral("Service"), m_ns,
                        QStringLiteral("fieldSelector=metadata.name%3Dweb"));
        QSignalSpy listed(&watch, &KubeWatch::listed);
        qint64 seenAt = -1;
        QElapsedTimer clock;
        connect(&watch, &KubeWatch::eventReceived, this,
                [&](const QString &, const QJsonObject &o) {
                    if (seenAt < 0 && o[u"spec"][u"selector"][u"colour"].toString() == target)
                        seenAt = clock.elapsed();
                });
        watch.start();
        if (!listed.wait(15000))
            return -1;
        clock.start();
        start();
        if (!QTest::qWaitFor([&seenAt] { return seenAt >= 0; }, 30000))
            return -1; // never seen
        return seenAt;
    }

    // web:1 (commit c1) on blue taking traffic; with `green`, web:2 (c2) ready on green.
    void setUp(BlueGreenController &c, bool green)
    {
        const EnvironmentSpec e = env();
        Done d = await(c, [&] { c.deployToIdle(e, QStringLiteral("registry.local/web:1"),
                                               QStringLiteral("c1")); });
        QVERIFY2(d.ok, qPrintable(d.message));
        d = await(c, [&] { c.promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(selector(), colour(QStringLiteral("blue")));
        if (!green)
            return;
        d = await(c, [&] { c.deployToIdle(e, QStringLiteral("registry.local/web:2"),
                                          QStringLiteral("c2")); });
        QVERIFY2(d.ok, qPrintable(d.message));
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
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-bg"));
        QVERIFY(!m_ns.isEmpty());
    }

    void cleanup() { kubetest::deleteNamespace(*m_client, m_ns); }

    void deployToIdleThenPromote()
    {
        auto c = controller();
        EnvironmentSpec e = env();
        e.previewService = QStringLiteral("web-preview");
        Done d = await(*c, [&] { c->status(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QVERIFY(c->lastStatus().active.isEmpty());
        QCOMPARE(c->lastStatus().idle(), QStringLiteral("blue"));

        QStringList progress;
        connect(c.get(), &BlueGreenController::progress, this,
                [&progress](const QString &line) { progress << line; });
        d = await(*c, [&] { c->deployToIdle(e, QStringLiteral("registry.local/web:1"),
                                            QStringLiteral("c1")); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QVERIFY2(!progress.isEmpty(), "no rollout progress was reported");
        BlueGreenStatus s = c->lastStatus();
        QVERIFY(s.blue.exists);
        QVERIFY(!s.green.exists);
        QCOMPARE(s.blue.image, QStringLiteral("registry.local/web:1"));
        QCOMPARE(s.blue.commit, QStringLiteral("c1"));
        QCOMPARE(s.blue.ready, 2);
        QVERIFY(!s.serviceExists);
        // generated from the environment: labels on the object and its pods, port, probe
        const QJsonObject blue = m_client->get(QStringLiteral("apps/v1"),
                                               QStringLiteral("Deployment"),
                                               QStringLiteral("web-blue"), m_ns).object;
        QJsonObject labels = colour(QStringLiteral("blue"));
        labels.insert(QStringLiteral("commit"), QStringLiteral("c1"));
        QCOMPARE(blue[u"metadata"][u"labels"].toObject(), labels);
        QCOMPARE(blue[u"spec"][u"template"][u"metadata"][u"labels"].toObject(), labels);
        QCOMPARE(blue[u"spec"][u"replicas"].toInt(), 2);
        const QJsonObject container = blue[u"spec"][u"template"][u"spec"][u"containers"][0]
                                          .toObject();
        QCOMPARE(container[u"ports"][0][u"containerPort"].toInt(), 8080);
        QCOMPARE(container[u"readinessProbe"][u"httpGet"][u"path"].toString(),
                 QStringLiteral("/healthz"));

        // First promote creates the Service pointing at blue.
        d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(selector(), colour(QStringLiteral("blue")));
        QCOMPARE(annotation(QStringLiteral("pipewright.dev/active-colour")),
                 QStringLiteral("blue"));

        d = await(*c, [&] { c->deployToIdle(e, QStringLiteral("registry.local/web:2"),
                                            QStringLiteral("c2")); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(selector(), colour(QStringLiteral("blue"))); // deploying moves no traffic
        const QJsonObject preview = m_client->get(QStringLiteral("v1"), QStringLiteral("Service"),
                                                  QStringLiteral("web-preview"), m_ns).object;
        QCOMPARE(preview[u"spec"][u"selector"].toObject(), colour(QStringLiteral("green")));
        QCOMPARE(c->lastStatus().green.image, QStringLiteral("registry.local/web:2"));

        QSignalSpy promoted(c.get(), &BlueGreenController::finished);
        const qint64 seen = msUntilSelected(QStringLiteral("green"), [&] { c->promote(e); });
        QVERIFY(promoted.size() == 1 || promoted.wait(30000));
        QVERIFY2(promoted.first().at(1).toBool(), qPrintable(promoted.first().at(2).toString()));
        QVERIFY(seen >= 0);
        qInfo("promote blue -> green: %lld ms from promote() until a watch saw the selector "
              "switched", seen);
        QCOMPARE(selector(), colour(QStringLiteral("green")));
        QCOMPARE(annotation(QStringLiteral("pipewright.dev/active-colour")),
                 QStringLiteral("green"));
        QCOMPARE(annotation(QStringLiteral("pipewright.dev/commit")), QStringLiteral("c2"));
        QCOMPARE(annotation(QStringLiteral("pipewright.dev/switched-by")),
                 QStringLiteral("tester"));
        QVERIFY(QDateTime::fromString(annotation(QStringLiteral("pipewright.dev/switched-at")),
                                      Qt::ISODateWithMs).isValid());
        QCOMPARE(c->lastStatus().active, QStringLiteral("green"));
        QCOMPARE(c->lastStatus().idle(), QStringLiteral("blue"));
    }

    void rollbackRestoresTraffic()
    {
        auto c = controller();
        setUp(*c, true);
        if (QTest::currentTestFailed())
            return;
        const EnvironmentSpec e = env();
        Done d = await(*c, [&] { c->promote(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(selector(), colour(QStringLiteral("green")));

        QSignalSpy rolledBack(c.get(), &BlueGreenController::finished);
        const qint64 seen = msUntilSelected(QStringLiteral("blue"), [&] { c->rollback(e); });
        QVERIFY(rolledBack.size() == 1 || rolledBack.wait(30000));
        QVERIFY2(rolledBack.first().at(1).toBool(),
                 qPrintable(rolledBack.first().at(2).toString()));
        QVERIFY(seen >= 0);
        qInfo("rollback green -> blue: %lld ms from rollback() until a watch saw the selector "
              "switched back", seen);
        QCOMPARE(selector(), colour(QStringLiteral("blue")));
        QCOMPARE(annotation(QStringLiteral("pipewright.dev/active-colour")),
                 QStringLiteral("blue"));
        QCOMPARE(annotation(QStringLiteral("pipewright.dev/commit")), QStringLiteral("c1"));
        // green stays deployed and warm: promoting again needs no new rollout
        QVERIFY(c->lastStatus().green.canTakeTraffic());
    }

    void idleThatNeverBecomesReadyIsNotPromoted()
    {
        auto c = controller();
        setUp(*c, false);
        if (QTest::currentTestFailed())
            return;
        EnvironmentSpec e = env();
        e.manifests = {QStringLiteral("unschedulable.yaml")};
        c->setBaseDir(QStringLiteral(PW_TEST_DATA_DIR "/deploy"));
        c->setRolloutTimeoutMs(3000);
        Done d = await(*c, [&] { c->deployToIdle(e, QStringLiteral("registry.local/web:2"),
                                                 QStringLiteral("c2")); });
        QVERIFY(d.finished);
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QLatin1String("timed out after 3s"))
                     && d.message.contains(QLatin1String("web-green")),
                 qPrintable(d.message));

        d = await(*c, [&] { c->promote(e); });
        QVERIFY(d.finished);
        QVERIFY(!d.ok);
        QVERIFY2(d.message.startsWith(QLatin1String("promote refused: green is not ready (0 of "
                                                    "2 replicas ready"))
                     && d.message.endsWith(QLatin1String("traffic stays on blue")),
                 qPrintable(d.message));
        QCOMPARE(selector(), colour(QStringLiteral("blue")));
        QCOMPARE(annotation(QStringLiteral("pipewright.dev/active-colour")),
                 QStringLiteral("blue"));
    }

    void concurrentPromotesOneWins()
    {
        auto a = controller();
        setUp(*a, true);
        if (QTest::currentTestFailed())
            return;
        const EnvironmentSpec e = env();
        // Both decide on the same state (as two windows showing it would), then both click.
        Done d = await(*a, [&] { a->status(e); });
        QVERIFY2(d.ok, qPrintable(d.message));
        const QString basis = a->lastStatus().serviceResourceVersion;
        QVERIFY(!basis.isEmpty());
        auto b = controller();
        QSignalSpy doneA(a.get(), &BlueGreenController::finished);
        QSignalSpy doneB(b.get(), &BlueGreenController::finished);
        a->promote(e, basis);
        b->promote(e, basis);
        QTRY_VERIFY_WITH_TIMEOUT(doneA.size() == 1 && doneB.size() == 1, 60000);
        const bool okA = doneA.first().at(1).toBool();
        const bool okB = doneB.first().at(1).toBool();
        QVERIFY2(okA != okB, "exactly one promote must win");
        const QString loser = (okA ? doneB : doneA).first().at(2).toString();
        QVERIFY2(loser.startsWith(QLatin1String("promote refused: service/web changed since it "
                                                "was read")),
                 qPrintable(loser));
        QCOMPARE(selector(), colour(QStringLiteral("green")));

        // A double click on one controller: the second is refused while the first runs.
        QSignalSpy done(a.get(), &BlueGreenController::finished);
        a->rollback(e);
        a->rollback(e);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 60000);
        QVERIFY(!done.at(0).at(1).toBool());
        QVERIFY2(done.at(0).at(2).toString().contains(QLatin1String("still running")),
                 qPrintable(done.at(0).at(2).toString()));
        QVERIFY2(done.at(1).at(1).toBool(), qPrintable(done.at(1).at(2).toString()));
        QCOMPARE(selector(), colour(QStringLiteral("blue")));
    }

    void handEditsAreReportedNotOverwritten()
    {
        auto c = controller();
        setUp(*c, true);
        if (QTest::currentTestFailed())
            return;
        const EnvironmentSpec e = env();
        // Someone points the Service at green with kubectl: the annotation still says blue.
        QVERIFY(m_client->patch(QStringLiteral("v1"), QStringLiteral("Service"),
                                QStringLiteral("web"),
                                R"({"spec":{"selector":{"colour":"green"}}})",
                                "application/merge-patch+json", m_ns).ok);
        const QString rv = kubetest::rvOf(service());
        Done d = await(*c, [&] { c->rollback(e); });
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QLatin1String("service/web was changed by hand: it selects "
                                                  "green but Pipewright last switched it to "
                                                  "blue")),
                 qPrintable(d.message));
        d = await(*c, [&] { c->promote(e); });
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QLatin1String("changed by hand")), qPrintable(d.message));
        QCOMPARE(kubetest::rvOf(service()), rv); // not written

        // An extra selector key is a hand edit too.
        QVERIFY(m_client->patch(QStringLiteral("v1"), QStringLiteral("Service"),
                                QStringLiteral("web"),
                                R"({"spec":{"selector":{"colour":"blue","tier":"x"}}})",
                                "application/merge-patch+json", m_ns).ok);
        d = await(*c, [&] { c->status(e); });
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QLatin1String("service/web was changed by hand: its "
                                                  "selector is")),
                 qPrintable(d.message));
        QVERIFY(m_client->patch(QStringLiteral("v1"), QStringLiteral("Service"),
                                QStringLiteral("web"), R"({"spec":{"selector":{"tier":null}}})",
                                "application/merge-patch+json", m_ns).ok);
        d = await(*c, [&] { c->status(e); });
        QVERIFY2(d.ok, qPrintable(d.message));

        // A Deployment that lost its colour label.
        QVERIFY(m_client->patch(QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                                QStringLiteral("web-green"),
                                R"({"metadata":{"labels":{"colour":null}}})",
                                "application/merge-patch+json", m_ns).ok);
        d = await(*c, [&] { c->deployToIdle(e, QStringLiteral("registry.local/web:3"),
                                            QStringLiteral("c3")); });
        QVERIFY(!d.ok);
        QVERIFY2(d.message.contains(QLatin1String("deployment.apps/web-green was changed by "
                                                  "hand")),
                 qPrintable(d.message));
        const QJsonObject green = m_client->get(QStringLiteral("apps/v1"),
                                                QStringLiteral("Deployment"),
                                                QStringLiteral("web-green"), m_ns).object;
        QCOMPARE(green[u"spec"][u"template"][u"spec"][u"containers"][0][u"image"].toString(),
                 QStringLiteral("registry.local/web:2"));
    }

    void newControllerReadsTheSameState()
    {
        {
            auto c = controller();
            setUp(*c, true);
            if (QTest::currentTestFailed())
                return;
            Done d = await(*c, [&] { c->promote(env()); });
            QVERIFY2(d.ok, qPrintable(d.message));
        } // the app "exits"
        auto fresh = std::make_unique<BlueGreenController>(*m_connection);
        Done d = await(*fresh, [&] { fresh->status(env()); });
        QVERIFY2(d.ok, qPrintable(d.message));
        const BlueGreenStatus s = fresh->lastStatus();
        QCOMPARE(s.active, QStringLiteral("green"));
        QCOMPARE(s.switchedBy, QStringLiteral("tester"));
        QCOMPARE(s.commit, QStringLiteral("c2"));
        QCOMPARE(s.green.image, QStringLiteral("registry.local/web:2"));
        QCOMPARE(s.green.commit, QStringLiteral("c2"));
        QCOMPARE(s.blue.image, QStringLiteral("registry.local/web:1"));
        QCOMPARE(s.blue.commit, QStringLiteral("c1"));
        QCOMPARE(s.green.ready, 2);
        QCOMPARE(s.green.desired, 2);
        QVERIFY(s.blue.canTakeTraffic());
        QCOMPARE(s.serviceResourceVersion, kubetest::rvOf(service()));
        // and it can act on it: rollback goes to blue
        d = await(*fresh, [&] { fresh->rollback(env()); });
        QVERIFY2(d.ok, qPrintable(d.message));
        QCOMPARE(selector(), colour(QStringLiteral("blue")));
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenController)
#include "tst_bluegreencontroller.moc"
