#include "core/kube/rolloutstatus.h"

#include <QJsonDocument>
#include <QTest>

using namespace pw::core;

// kubectl's rollout status rules, row by row.
class TestRolloutStatus : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("message");
        const int W = int(RolloutStatus::State::Waiting);
        const int D = int(RolloutStatus::State::Done);
        const int F = int(RolloutStatus::State::Failed);
        QTest::newRow("spec not observed")
            << QByteArray(R"({"metadata":{"name":"web","generation":3},
                "spec":{"replicas":2},"status":{"observedGeneration":2,"replicas":2,
                "updatedReplicas":2,"availableReplicas":2}})")
            << W << QStringLiteral("Waiting for deployment spec update to be observed...");
        QTest::newRow("deadline exceeded wins over counts")
            << QByteArray(R"({"metadata":{"name":"web","generation":1},"spec":{"replicas":2},
                "status":{"observedGeneration":1,"conditions":[{"type":"Progressing",
                "status":"False","reason":"ProgressDeadlineExceeded"}]}})")
            << F << QStringLiteral("deployment \"web\" exceeded its progress deadline");
        QTest::newRow("updating")
            << QByteArray(R"({"metadata":{"name":"web","generation":1},"spec":{"replicas":3},
                "status":{"observedGeneration":1,"replicas":3,"updatedReplicas":1}})")
            << W
            << QStringLiteral("Waiting for deployment \"web\" rollout to finish: 1 out of 3 "
                              "new replicas have been updated...");
        QTest::newRow("old pending termination")
            << QByteArray(R"({"metadata":{"name":"web","generation":1},"spec":{"replicas":2},
                "status":{"observedGeneration":1,"replicas":3,"updatedReplicas":2,
                "availableReplicas":2}})")
            << W
            << QStringLiteral("Waiting for deployment \"web\" rollout to finish: 1 old "
                              "replicas are pending termination...");
        QTest::newRow("not available")
            << QByteArray(R"({"metadata":{"name":"web","generation":1},"spec":{"replicas":2},
                "status":{"observedGeneration":1,"replicas":2,"updatedReplicas":2,
                "availableReplicas":1}})")
            << W
            << QStringLiteral("Waiting for deployment \"web\" rollout to finish: 1 of 2 "
                              "updated replicas are available...");
        QTest::newRow("done")
            << QByteArray(R"({"metadata":{"name":"web","generation":2},"spec":{"replicas":2},
                "status":{"observedGeneration":2,"replicas":2,"updatedReplicas":2,
                "availableReplicas":2}})")
            << D << QStringLiteral("deployment \"web\" successfully rolled out");
        QTest::newRow("no spec.replicas skips that check")
            << QByteArray(R"({"metadata":{"name":"web","generation":1},"spec":{},
                "status":{"observedGeneration":1}})")
            << D << QStringLiteral("deployment \"web\" successfully rolled out");
        QTest::newRow("scaled to zero")
            << QByteArray(R"({"metadata":{"name":"web","generation":4},"spec":{"replicas":0},
                "status":{"observedGeneration":4}})")
            << D << QStringLiteral("deployment \"web\" successfully rolled out");
    }

    void evaluate()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, state);
        QFETCH(QString, message);
        QJsonParseError e;
        const QJsonObject o = QJsonDocument::fromJson(json, &e).object();
        QCOMPARE(e.error, QJsonParseError::NoError);
        const auto r = RolloutStatus::evaluate(o);
        QCOMPARE(r.message, message);
        QCOMPARE(int(r.state), state);
    }
};

QTEST_GUILESS_MAIN(TestRolloutStatus)
#include "tst_rolloutstatus.moc"
