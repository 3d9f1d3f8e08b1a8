#include "kubetestplane.h"

#include "core/kube/kubeapplysteprunner.h"
#include "core/kube/kubedeploymenttracker.h"
#include "core/kube/rolloutsteprunner.h"
#include "core/pipeline/pipeline.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

// The kube-apply and rollout step runners as the engine drives them, against the local
// control plane (kwok makes the pods Ready).
class TestKubeStepRunners : public QObject
{
    Q_OBJECT

    std::optional<KubeClient> m_client;
    QString m_ns;

    KubeStepTarget target() const
    {
        return KubeStepTarget{{}, m_ns, {kubetest::kubeconfigPath()}};
    }

    struct Outcome
    {
        bool finished = false;
        bool ok = false;
        QString message;
        QString output;
    };

    static Outcome run(StepRunner *runner, int timeoutMs)
    {
        Outcome o;
        QObject::connect(runner, &StepRunner::output, runner,
                         [&o](OutputStream, const QByteArray &d) {
                             o.output += QString::fromUtf8(d);
                         });
        QSignalSpy done(runner, &StepRunner::finished);
        runner->start();
        if (!done.wait(timeoutMs))
            return o;
        o.finished = true;
        o.ok = done.first().at(0).toBool();
        o.message = done.first().at(2).toString();
        return o;
    }

private slots:
    void initTestCase()
    {
        QString error;
        if (!kubetest::ensureUp(&error))
            QFAIL(qPrintable(error));
        auto c = kubetest::connection();
        QVERIFY(c);
        m_client.emplace(*c);
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-steps"));
        QVERIFY(!m_ns.isEmpty());
    }

    void cleanupTestCase()
    {
        if (m_client)
            kubetest::deleteNamespace(*m_client, m_ns);
    }

    void applyThenRolloutCompletes()
    {
        // Built as the engine builds it: from the step's fields.
        StepSpec step;
        step.kind = QStringLiteral("kube-apply");
        step.params = {{QStringLiteral("manifests"), QStringList{QStringLiteral("web")}},
                       {QStringLiteral("namespace"), m_ns},
                       {QStringLiteral("images"),
                        QVariantMap{{QStringLiteral("web"),
                                     QStringLiteral("registry.local/web:2")}}}};
        QProcessEnvironment env;
        env.insert(QStringLiteral("KUBECONFIG"), kubetest::kubeconfigPath());
        std::unique_ptr<StepRunner> apply(KubeApplyStepRunner::fromStep(
            step, QStringLiteral(PW_TEST_DATA_DIR "/kube"), env));
        Outcome o = run(apply.get(), 60000);
        QVERIFY(o.finished);
        QVERIFY2(o.ok, qPrintable(o.message));
        QVERIFY2(o.output.contains(QLatin1String("deployment.apps/web created")),
                 qPrintable(o.output));
        QVERIFY2(o.output.contains(QLatin1String("service/web created")), qPrintable(o.output));

        StepSpec wait;
        wait.kind = QStringLiteral("rollout");
        wait.params = {{QStringLiteral("deployment"), QStringLiteral("web")},
                       {QStringLiteral("namespace"), m_ns},
                       {QStringLiteral("timeout"), QStringLiteral("2m")}};
        std::unique_ptr<StepRunner> rollout(RolloutStepRunner::fromStep(wait, env));
        o = run(rollout.get(), 150000);
        QVERIFY(o.finished);
        QVERIFY2(o.ok, qPrintable(o.message + u'\n' + o.output));
        QCOMPARE(o.message, QStringLiteral("deployment \"web\" successfully rolled out"));

        // the image came from the structured field
        const KubeResult d = m_client->get(QStringLiteral("apps/v1"),
                                           QStringLiteral("Deployment"), QStringLiteral("web"),
                                           m_ns);
        QCOMPARE(d.object[u"spec"][u"template"][u"spec"][u"containers"][0][u"image"].toString(),
                 QStringLiteral("registry.local/web:2"));
        QCOMPARE(d.object[u"status"][u"readyReplicas"].toInt(), 2);

        // applying the same again changes nothing
        std::unique_ptr<StepRunner> again(KubeApplyStepRunner::fromStep(
            step, QStringLiteral(PW_TEST_DATA_DIR "/kube"), env));
        o = run(again.get(), 60000);
        QVERIFY2(o.ok, qPrintable(o.message));
        QVERIFY2(o.output.contains(QLatin1String("deployment.apps/web unchanged"))
                     && o.output.contains(QLatin1String("service/web unchanged")),
                 qPrintable(o.output));
    }

    void trackerShowsReadyReplicas()
    {
        auto c = kubetest::connection({}, m_ns);
        QVERIFY(c);
        KubeDeploymentTracker tracker(*c, QStringLiteral("app=web"));
        QSignalSpy reset(&tracker, &KubeDeploymentTracker::reset);
        tracker.start();
        QVERIFY(reset.wait(15000));
        QVERIFY(tracker.isConnected());
        const auto list = tracker.deployments();
        QCOMPARE(list.keys(), QStringList{QStringLiteral("web")});
        QCOMPARE(list.value(QStringLiteral("web")).desired, 2);
        QCOMPARE(list.value(QStringLiteral("web")).ready, 2);
        // live: scaling shows up through the watch
        QSignalSpy changed(&tracker, &KubeDeploymentTracker::deploymentChanged);
        QVERIFY(m_client->patch(QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                                QStringLiteral("web"), R"({"spec":{"replicas":3}})",
                                "application/merge-patch+json", m_ns).ok);
        QTRY_COMPARE_WITH_TIMEOUT(tracker.deployments().value(QStringLiteral("web")).ready, 3,
                                  60000);
        QVERIFY(changed.size() >= 1);
    }

    void stuckRolloutFailsWithReason()
    {
        KubeApplyStepRunner apply({QStringLiteral("stuck")},
                                  QStringLiteral(PW_TEST_DATA_DIR "/kube"), target(), false);
        Outcome o = run(&apply, 60000);
        QVERIFY2(o.ok, qPrintable(o.message));
        RolloutStepRunner rollout(QStringLiteral("stuck"), target(), 0);
        o = run(&rollout, 120000);
        QVERIFY(o.finished);
        QVERIFY(!o.ok);
        QVERIFY2(o.message.contains(QLatin1String("exceeded its progress deadline"))
                     && o.message.contains(QLatin1String("Unschedulable")),
                 qPrintable(o.message));
        QVERIFY2(o.output.contains(QLatin1String("FailedScheduling")), qPrintable(o.output));
    }

    void missingDeploymentFails()
    {
        RolloutStepRunner missing(QStringLiteral("no-such-deployment"), target(), 5000);
        Outcome o = run(&missing, 30000);
        QVERIFY(o.finished);
        QVERIFY(!o.ok);
        QVERIFY2(o.message.contains(QLatin1String("not found")), qPrintable(o.message));
    }

    void rolloutTimeout()
    {
        // Unschedulable but with a long progress deadline: only the step's timeout ends it.
        const QByteArray json = R"({"apiVersion":"apps/v1","kind":"Deployment",
          "metadata":{"name":"slow"},"spec":{"replicas":1,"progressDeadlineSeconds":600,
          "selector":{"matchLabels":{"app":"slow"}},"template":{"metadata":{"labels":
          {"app":"slow"}},"spec":{"nodeSelector":{"pipewright.test/none":"true"},
          "containers":[{"name":"slow","image":"registry.local/slow:1"}]}}}})";
        QJsonObject o = QJsonDocument::fromJson(json).object();
        QJsonObject meta = o[u"metadata"].toObject();
        meta.insert(QStringLiteral("namespace"), m_ns);
        o.insert(QStringLiteral("metadata"), meta);
        const KubeResult r = m_client->apply(o);
        QVERIFY2(r.ok, qPrintable(r.message));
        RolloutStepRunner rollout(QStringLiteral("slow"), target(), 2000);
        const Outcome out = run(&rollout, 60000);
        QVERIFY(out.finished);
        QVERIFY(!out.ok);
        QVERIFY2(out.message.startsWith(QLatin1String("timed out after 2s")),
                 qPrintable(out.message));
    }

    void badManifest()
    {
        KubeApplyStepRunner bad({QStringLiteral("manifests/malformed.yaml")},
                                QStringLiteral(PW_TEST_DATA_DIR "/kube"), target(), false);
        Outcome o = run(&bad, 30000);
        QVERIFY(o.finished);
        QVERIFY(!o.ok);
        QVERIFY2(o.message.contains(QLatin1String("malformed.yaml:9:10: error")),
                 qPrintable(o.message));
    }

    void cancelFinishes()
    {
        RolloutStepRunner rollout(QStringLiteral("stuck-forever"), target(), 0);
        QSignalSpy done(&rollout, &StepRunner::finished);
        rollout.start();
        rollout.cancel();
        QVERIFY(done.wait(5000));
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.first().at(0).toBool(), false);
        QCOMPARE(done.first().at(2).toString(), QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestKubeStepRunners)
#include "tst_kubesteprunners.moc"
