#include "kubetestplane.h"

#include "core/kube/kubebackgroundtask.h"
#include "core/kube/kubeclient.h"
#include "core/kube/rolloutwaiter.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTest>

#include <atomic>
#include <mutex>

using namespace pw::core;

// RolloutWaiter against the local control plane (kwok makes pods Ready): a rollout that
// completes, one that cannot (its pods never schedule) and says why, a Deployment that is not
// there, and a cancel in the middle — each on a worker thread, as the blue/green deploy runs it.
class TestRolloutWaiter : public QObject
{
    Q_OBJECT

    std::optional<KubeConnection> m_connection;
    std::optional<KubeClient> m_client;
    QString m_ns;

    struct Result
    {
        bool finished = false;
        bool ok = false;
        QString error;
        QStringList said;
    };

    // Waits for `name` on a KubeBackgroundTask; `whileWaiting` runs on this thread meanwhile.
    // The verdict is handed over directly, not posted: a cancelled task posts nothing.
    Result wait(const QString &name, qint64 timeoutMs,
                const std::function<void(KubeBackgroundTask &)> &whileWaiting = {})
    {
        struct Shared
        {
            std::mutex mutex;
            std::atomic<bool> done{false};
            bool ok = false;
            QString error;
        };
        auto shared = std::make_shared<Shared>();
        auto said = std::make_shared<QStringList>();
        QObject receiver;
        KubeBackgroundTask task(&receiver);
        task.start([shared, said, conn = *m_connection, ns = m_ns, name,
                    timeoutMs](const KubeBackgroundTask::Handle &h) {
            const KubeClient client(conn, h.cancelFlag());
            const RolloutWaiter waiter(client, h);
            QString error;
            const bool ok = waiter.wait(
                name, ns, timeoutMs,
                [said, h](const QString &line) { h.post([said, line] { *said << line; }); },
                &error);
            {
                std::lock_guard lock(shared->mutex);
                shared->ok = ok;
                shared->error = error;
            }
            shared->done = true;
        });
        if (whileWaiting)
            whileWaiting(task);
        Result r;
        if (!QTest::qWaitFor([&shared] { return shared->done.load(); }, 120000))
            return r;
        QCoreApplication::processEvents(); // the lines posted before the verdict
        std::lock_guard lock(shared->mutex);
        r.finished = true;
        r.ok = shared->ok;
        r.error = shared->error;
        r.said = *said;
        return r;
    }

    void apply(const QByteArray &json)
    {
        QJsonObject o = QJsonDocument::fromJson(json).object();
        QJsonObject meta = o[u"metadata"].toObject();
        meta.insert(QStringLiteral("namespace"), m_ns);
        o.insert(QStringLiteral("metadata"), meta);
        const KubeResult r = m_client->apply(o);
        QVERIFY2(r.ok, qPrintable(r.message));
    }

    // Pods that never schedule, and a progress deadline far away: only the timeout ends it.
    void applyUnschedulable()
    {
        apply(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"stuck"},
          "spec":{"replicas":1,"progressDeadlineSeconds":600,
          "selector":{"matchLabels":{"app":"stuck"}},"template":{"metadata":{"labels":
          {"app":"stuck"}},"spec":{"nodeSelector":{"pipewright.test/none":"true"},
          "containers":[{"name":"stuck","image":"registry.local/stuck:1"}]}}}})");
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
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-rw"));
        QVERIFY(!m_ns.isEmpty());
    }

    void cleanup() { kubetest::deleteNamespace(*m_client, m_ns); }

    void completedRollout()
    {
        apply(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
          "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"web","image":"registry.local/web:1"}]}}}})");
        const Result r = wait(QStringLiteral("web"), 60000);
        QVERIFY(r.finished);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY2(!r.said.isEmpty()
                     && r.said.last() == u"deployment \"web\" successfully rolled out",
                 qPrintable(r.said.join(u'\n')));
        QStringList unique = r.said;
        QCOMPARE(unique.removeDuplicates(), 0); // each message once
    }

    void timeoutSaysWhy()
    {
        applyUnschedulable();
        const Result r = wait(QStringLiteral("stuck"), 2000);
        QVERIFY(r.finished);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.startsWith(u"timed out after 2s waiting for the rollout of "
                                    "deployment.apps/stuck"),
                 qPrintable(r.error));
        // The scheduler's verdict on its pod ends the message, and every reason was said.
        QVERIFY2(r.error.contains(u": pod/stuck-") && r.error.contains(u"Unschedulable"),
                 qPrintable(r.error));
        QVERIFY2(!r.said.filter(QStringLiteral("Unschedulable")).isEmpty(),
                 qPrintable(r.said.join(u'\n')));
    }

    void missingDeployment()
    {
        const Result r = wait(QStringLiteral("nothing-here"), 30000);
        QVERIFY(r.finished);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(u"deployment.apps/nothing-here was deleted"),
                 qPrintable(r.error));
    }

    // Cancelled long before its own timeout (2 minutes): the wait returns "cancelled".
    void cancelStopsTheWait()
    {
        applyUnschedulable();
        const Result r = wait(QStringLiteral("stuck"), 120000, [](KubeBackgroundTask &task) {
            QTest::qWait(1500); // inside the wait by now
            task.cancel();
        });
        QVERIFY(r.finished);
        QVERIFY(!r.ok);
        QCOMPARE(r.error, QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestRolloutWaiter)
#include "tst_rolloutwaiter.moc"
