#include "kubetestplane.h"

#include "core/kube/kubewatch.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

// KubeWatch against the real apiserver: events after the list, relist on 410 Gone, and a
// watch that outlives an apiserver restart.
class TestKubeWatch : public QObject
{
    Q_OBJECT

    std::optional<KubeClient> m_client;
    QString m_ns;

    QJsonObject configMap(const QString &name) const
    {
        return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                           {QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("name"), name}}}};
    }

    // Waits until `spy` holds an event of `type` for the object `name`.
    static bool waitForEvent(QSignalSpy &spy, const QString &type, const QString &name,
                             int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        qsizetype seen = 0;
        while (!deadline.hasExpired()) {
            for (; seen < spy.size(); ++seen) {
                const auto args = spy.at(seen);
                const QJsonObject o = args.at(1).toJsonObject();
                if (args.at(0).toString() == type
                    && o[u"metadata"][u"name"].toString() == name)
                    return true;
            }
            spy.wait(int(qMax<qint64>(1, qMin<qint64>(deadline.remainingTime(), 1000))));
        }
        return false;
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
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-watch"));
        QVERIFY(!m_ns.isEmpty());
        m_client.emplace(*kubetest::connection({}, m_ns));
    }

    void cleanupTestCase()
    {
        if (m_client)
            kubetest::deleteNamespace(*m_client, m_ns);
    }

    void listThenEvents()
    {
        QVERIFY(m_client->apply(configMap(QStringLiteral("before"))).ok);
        KubeWatch watch(m_client->connection(), QStringLiteral("v1"),
                        QStringLiteral("ConfigMap"));
        QSignalSpy listed(&watch, &KubeWatch::listed);
        QSignalSpy events(&watch, &KubeWatch::eventReceived);
        watch.start();
        QVERIFY(listed.wait(15000));
        bool found = false;
        for (const QJsonValue &v : listed.first().at(0).toJsonArray())
            found |= v[u"metadata"][u"name"].toString() == QLatin1String("before");
        QVERIFY(found);
        QVERIFY(!watch.resourceVersion().isEmpty());
        QVERIFY(m_client->apply(configMap(QStringLiteral("after"))).ok);
        QVERIFY(waitForEvent(events, QStringLiteral("ADDED"), QStringLiteral("after"), 15000));
        QVERIFY(m_client->remove(QStringLiteral("v1"), QStringLiteral("ConfigMap"),
                                 QStringLiteral("after")).ok);
        QVERIFY(waitForEvent(events, QStringLiteral("DELETED"), QStringLiteral("after"), 15000));
    }

    void relistOnGone()
    {
        // The apiserver's watch cache starts its window when the server starts; on a fresh
        // cluster that is etcd's revision 1. After a restart and a compaction,
        // resourceVersion 1 is out of every window: the server answers 410 Expired.
        QString out;
        QVERIFY2(kubetest::runScript(QStringLiteral("compact"), &out, 30000) == 0,
                 qPrintable(out));
        QVERIFY2(kubetest::runScript(QStringLiteral("restart-apiserver"), &out, 90000) == 0,
                 qPrintable(out));
        KubeWatch watch(m_client->connection(), QStringLiteral("v1"),
                        QStringLiteral("ConfigMap"));
        QSignalSpy relisting(&watch, &KubeWatch::relisting);
        QSignalSpy listed(&watch, &KubeWatch::listed);
        QSignalSpy events(&watch, &KubeWatch::eventReceived);
        watch.start(QStringLiteral("1"));
        QVERIFY(relisting.wait(15000));
        QVERIFY2(relisting.first().at(0).toString().contains(QLatin1String("too old")),
                 qPrintable(relisting.first().at(0).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 15000);
        // and it keeps watching from the new list's version
        QVERIFY(m_client->apply(configMap(QStringLiteral("after-relist"))).ok);
        QVERIFY(waitForEvent(events, QStringLiteral("ADDED"), QStringLiteral("after-relist"),
                             15000));
    }

    void survivesApiserverRestart()
    {
        KubeWatch watch(m_client->connection(), QStringLiteral("v1"),
                        QStringLiteral("ConfigMap"));
        QSignalSpy listed(&watch, &KubeWatch::listed);
        QSignalSpy events(&watch, &KubeWatch::eventReceived);
        QSignalSpy lost(&watch, &KubeWatch::connectionLost);
        QSignalSpy failed(&watch, &KubeWatch::failed);
        watch.start();
        QVERIFY(listed.wait(15000));

        QProcess restart;
        restart.setProcessChannelMode(QProcess::MergedChannels);
        QSignalSpy restarted(&restart, &QProcess::finished);
        restart.start(QStringLiteral("bash"),
                      {kubetest::script(), QStringLiteral("restart-apiserver")});
        QVERIFY(restarted.wait(90000));
        QVERIFY2(restart.exitCode() == 0, restart.readAll().constData());
        QVERIFY(lost.size() >= 1); // the stream broke while the server was away

        QVERIFY(m_client->apply(configMap(QStringLiteral("after-restart"))).ok);
        QVERIFY(waitForEvent(events, QStringLiteral("ADDED"), QStringLiteral("after-restart"),
                             30000));
        QCOMPARE(failed.size(), 0);
    }

    void forbiddenStopsTheWatch()
    {
        auto c = kubetest::connection(QStringLiteral("pipewright-restricted"), m_ns);
        QVERIFY(c);
        KubeWatch watch(*c, QStringLiteral("v1"), QStringLiteral("Secret"));
        QSignalSpy failed(&watch, &KubeWatch::failed);
        watch.start();
        QVERIFY(failed.wait(15000));
        QVERIFY(failed.first().at(0).toString().startsWith(QLatin1String("forbidden (403)")));
        QVERIFY(!watch.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestKubeWatch)
#include "tst_kubewatch.moc"
