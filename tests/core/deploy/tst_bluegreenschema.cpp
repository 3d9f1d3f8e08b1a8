#include "core/deploy/bluegreenschema.h"

#include <QJsonDocument>
#include <QTest>

using namespace pw::core;

// The on-cluster record of a blue/green environment, without a cluster: what a Service and a
// Deployment written by Pipewright read back as, the hand edits that must stop every write,
// and the annotations each kind of switch leaves.
class TestBlueGreenSchema : public QObject
{
    Q_OBJECT

    static EnvironmentSpec env()
    {
        EnvironmentSpec e;
        e.name = QStringLiteral("production");
        e.kubeNamespace = QStringLiteral("shop");
        e.app = QStringLiteral("web");
        e.service = QStringLiteral("web");
        e.port = 8080;
        e.replicas = 2;
        return e;
    }

    static QJsonObject json(const char *text)
    {
        return QJsonDocument::fromJson(QByteArray(text)).object();
    }

    // A Service as the apiserver returns it after a promote blue → green under verification.
    static QJsonObject verifyingService()
    {
        return json(R"({"metadata": {"name": "web", "resourceVersion": "41", "annotations": {
              "pipewright.dev/active-colour": "green",
              "pipewright.dev/switched-at": "2025-03-01T10:00:00.000Z",
              "pipewright.dev/switched-by": "pipewright run 7",
              "pipewright.dev/commit": "c2",
              "pipewright.dev/previous-colour": "blue",
              "pipewright.dev/previous-commit": "c1",
              "pipewright.dev/phase": "verifying",
              "pipewright.dev/verify-until": "2025-03-01T10:02:00.000Z",
              "pipewright.dev/verifier": "host:12:34"}},
            "spec": {"selector": {"app": "web", "colour": "green"}}})");
    }

private slots:
    void readsWhatASwitchWrote()
    {
        BlueGreenStatus s;
        QString error;
        QVERIFY2(BlueGreenSchema::readService(verifyingService(), env(), &s, &error),
                 qPrintable(error));
        QVERIFY(s.serviceExists);
        QCOMPARE(s.serviceResourceVersion, QStringLiteral("41"));
        QCOMPARE(s.active, QStringLiteral("green"));
        QCOMPARE(s.previous, QStringLiteral("blue"));
        QCOMPARE(s.previousCommit, QStringLiteral("c1"));
        QCOMPARE(s.commit, QStringLiteral("c2"));
        QCOMPARE(s.switchedBy, QStringLiteral("pipewright run 7"));
        QCOMPARE(s.phase, BlueGreenStatus::Phase::Verifying);
        QCOMPARE(s.verifyUntil, QDateTime(QDate(2025, 3, 1), QTime(10, 2), Qt::UTC));
        QCOMPARE(s.verifier, QStringLiteral("host:12:34"));
        QVERIFY(!s.scaleDownAt.isValid());
        QCOMPARE(s.idle(), QStringLiteral("blue"));
    }

    void handEditsAreRefused_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("expected");
        QTest::newRow("extra key") << R"({"app":"web","colour":"green","tier":"x"})"
                                   << "service/web was changed by hand: its selector is";
        QTest::newRow("no colour") << R"({"app":"web"})"
                                   << "its selector is";
        QTest::newRow("other app") << R"({"app":"api","colour":"green"})"
                                   << "its selector is";
        QTest::newRow("not a colour") << R"({"app":"web","colour":"red"})"
                                      << "its selector is";
        QTest::newRow("selector moved by kubectl")
            << R"({"app":"web","colour":"blue"})"
            << "it selects blue but Pipewright last switched it to green";
    }

    void handEditsAreRefused()
    {
        QFETCH(QString, selector);
        QFETCH(QString, expected);
        QJsonObject svc = verifyingService();
        QJsonObject spec = svc[u"spec"].toObject();
        spec.insert(QStringLiteral("selector"),
                    QJsonDocument::fromJson(selector.toUtf8()).object());
        svc.insert(QStringLiteral("spec"), spec);
        BlueGreenStatus s;
        QString error;
        QVERIFY(!BlueGreenSchema::readService(svc, env(), &s, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void readsADeployment()
    {
        const QJsonObject d = json(R"({"metadata": {"name": "web-blue", "generation": 3,
              "creationTimestamp": "2025-03-01T09:00:00Z",
              "labels": {"app": "web", "colour": "blue", "commit": "c1"},
              "annotations": {"pipewright.dev/deployed-at": "2025-03-01T09:30:00.500Z"}},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web", "colour": "blue"}},
                     "template": {"spec": {"containers": [{"name": "web", "image": "web:1"}]}}},
            "status": {"observedGeneration": 3, "replicas": 2, "updatedReplicas": 2,
                       "readyReplicas": 2, "availableReplicas": 2}})");
        BlueGreenStatus::Colour c;
        QString error;
        QVERIFY2(BlueGreenSchema::readDeployment(d, env(), QStringLiteral("blue"), &c, &error),
                 qPrintable(error));
        QVERIFY(c.exists);
        QCOMPARE(c.image, QStringLiteral("web:1"));
        QCOMPARE(c.commit, QStringLiteral("c1"));
        QCOMPARE(c.desired, 2);
        QCOMPARE(c.ready, 2);
        QVERIFY(c.rolledOut);
        QVERIFY(c.canTakeTraffic());
        QCOMPARE(c.deployedAt, QDateTime(QDate(2025, 3, 1), QTime(9, 30, 0, 500), Qt::UTC));
        QCOMPARE(c.createdAt, QDateTime(QDate(2025, 3, 1), QTime(9, 0), Qt::UTC));

        // Read as green, or with its colour label gone: not ours any more.
        QVERIFY(!BlueGreenSchema::readDeployment(d, env(), QStringLiteral("green"), &c, &error));
        QJsonObject unlabelled = d;
        QJsonObject meta = unlabelled[u"metadata"].toObject();
        meta.insert(QStringLiteral("labels"), json(R"({"app": "web"})"));
        unlabelled.insert(QStringLiteral("metadata"), meta);
        QVERIFY(!BlueGreenSchema::readDeployment(unlabelled, env(), QStringLiteral("blue"), &c,
                                                 &error));
        QVERIFY2(error.contains(u"deployment.apps/web-blue was changed by hand"),
                 qPrintable(error));
    }

    // A switch written, then read back: what was recorded is what is read.
    void switchAnnotationsRoundTrip()
    {
        const QDateTime at(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);
        BlueGreenSchema::Switch sw;
        sw.to = QStringLiteral("blue");
        sw.from = QStringLiteral("green");
        sw.fromCommit = QStringLiteral("c2");
        sw.commit = QStringLiteral("c1");
        sw.actor = QStringLiteral("tester (automatic)");
        sw.at = at;
        sw.scaleDownAt = at.addSecs(30);
        const QJsonObject ann = BlueGreenSchema::switchAnnotations(sw);
        // A stable switch clears the window's keys (null removes them in a merge patch).
        QVERIFY(ann[BlueGreenSchema::VerifyUntilKey].isNull());
        QVERIFY(ann[BlueGreenSchema::VerifierKey].isNull());
        QCOMPARE(ann[BlueGreenSchema::PhaseKey].toString(), QStringLiteral("stable"));

        QJsonObject svc{{QStringLiteral("metadata"),
                         QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("7")},
                                     {QStringLiteral("annotations"), ann}}},
                        {QStringLiteral("spec"),
                         QJsonObject{{QStringLiteral("selector"),
                                      BlueGreenSchema::colourLabels(env(), sw.to)}}}};
        BlueGreenStatus s;
        QString error;
        QVERIFY2(BlueGreenSchema::readService(svc, env(), &s, &error), qPrintable(error));
        QCOMPARE(s.active, sw.to);
        QCOMPARE(s.previous, sw.from);
        QCOMPARE(s.previousCommit, sw.fromCommit);
        QCOMPARE(s.commit, sw.commit);
        QCOMPARE(s.switchedBy, sw.actor);
        QCOMPARE(BlueGreenSchema::parseTimestamp(s.switchedAt), at);
        QCOMPARE(s.phase, BlueGreenStatus::Phase::Stable);
        QCOMPARE(s.scaleDownAt, sw.scaleDownAt);
        QVERIFY(BlueGreenSchema::carriesSwitch(svc, ann));
        sw.actor = QStringLiteral("someone else");
        QVERIFY(!BlueGreenSchema::carriesSwitch(svc, BlueGreenSchema::switchAnnotations(sw)));
    }

    void firstSwitchUnderVerification()
    {
        BlueGreenSchema::Switch sw;
        sw.to = QStringLiteral("blue");
        sw.commit = QStringLiteral("c1");
        sw.actor = QStringLiteral("me");
        sw.at = QDateTime::currentDateTimeUtc();
        sw.verifyUntil = sw.at.addSecs(60);
        sw.verifier = QStringLiteral("host:1:2");
        const QJsonObject ann = BlueGreenSchema::switchAnnotations(sw);
        QCOMPARE(ann[BlueGreenSchema::PhaseKey].toString(), QStringLiteral("verifying"));
        QCOMPARE(ann[BlueGreenSchema::VerifierKey].toString(), QStringLiteral("host:1:2"));
        QVERIFY(ann[BlueGreenSchema::PreviousColourKey].isNull());
        QVERIFY(ann[BlueGreenSchema::PreviousCommitKey].isNull());
        QVERIFY(ann[BlueGreenSchema::ScaleDownAtKey].isNull());
        QCOMPARE(BlueGreenSchema::parseTimestamp(ann[BlueGreenSchema::VerifyUntilKey].toString()),
                 sw.verifyUntil);

        const QJsonObject passed = BlueGreenSchema::verifiedAnnotations({});
        QCOMPARE(passed[BlueGreenSchema::PhaseKey].toString(), QStringLiteral("stable"));
        QVERIFY(passed[BlueGreenSchema::ScaleDownAtKey].isNull());
        QVERIFY(passed.contains(BlueGreenSchema::VerifierKey));
        QVERIFY(!passed.contains(BlueGreenSchema::ActiveColourKey)); // traffic stays
    }

    // The switch is one merge patch: the selector and the annotations together, guarded by
    // the resourceVersion the caller decided on.
    void switchPatchIsGuarded()
    {
        const QJsonObject patch
            = QJsonDocument::fromJson(BlueGreenSchema::switchPatch(
                                          env(), QStringLiteral("green"),
                                          BlueGreenSchema::verifierAnnotation(QStringLiteral("x")),
                                          QStringLiteral("99")))
                  .object();
        QCOMPARE(patch[u"metadata"][u"resourceVersion"].toString(), QStringLiteral("99"));
        QCOMPARE(patch[u"spec"][u"selector"].toObject(),
                 BlueGreenSchema::colourLabels(env(), QStringLiteral("green")));
        QCOMPARE(patch[u"metadata"][u"annotations"][BlueGreenSchema::VerifierKey].toString(),
                 QStringLiteral("x"));
        const QJsonObject unguarded
            = QJsonDocument::fromJson(
                  BlueGreenSchema::annotationsPatch(BlueGreenSchema::clearScaleDownAnnotation(),
                                                    {}))
                  .object();
        QVERIFY(!unguarded[u"metadata"].toObject().contains(u"resourceVersion"));
        QVERIFY(unguarded[u"metadata"][u"annotations"][BlueGreenSchema::ScaleDownAtKey].isNull());
        QVERIFY(!unguarded.contains(u"spec"));
    }

    void labelValues_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("sha") << QString(40, u'a') << QString(40, u'a');
        QTest::newRow("spaces and slashes") << "feature/x y"
                                            << "featurexy";
        QTest::newRow("trimmed ends") << "-._v1.2_-"
                                      << "v1.2";
        QTest::newRow("too long") << QString(70, u'b') << QString(63, u'b');
        QTest::newRow("non-ascii") << QStringLiteral("caf\u00e9") << "caf";
    }

    void labelValues()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(BlueGreenSchema::labelValue(text), expected);
    }

    void timestamps()
    {
        const QDateTime t(QDate(2025, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
        QCOMPARE(BlueGreenSchema::timestamp(t), QStringLiteral("2025-01-02T03:04:05.678Z"));
        QCOMPARE(BlueGreenSchema::parseTimestamp(BlueGreenSchema::timestamp(t)), t);
        // Written by kubectl or by hand without milliseconds.
        QCOMPARE(BlueGreenSchema::parseTimestamp(QStringLiteral("2025-01-02T03:04:05Z")),
                 t.addMSecs(-678));
        QVERIFY(!BlueGreenSchema::parseTimestamp(QString()).isValid());
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenSchema)
#include "tst_bluegreenschema.moc"
