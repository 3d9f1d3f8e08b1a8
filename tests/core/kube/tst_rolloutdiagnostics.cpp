#include "core/kube/rolloutdiagnostics.h"

#include <QJsonDocument>
#include <QTest>

using namespace pw::core;

// The one-line reports of RolloutDiagnostics::containerProblem, on pod objects shaped as a
// kubelet writes them (tst_realnode makes the same failures happen on the real node).
class TestRolloutDiagnostics : public QObject
{
    Q_OBJECT

private slots:
    void containerProblem_data()
    {
        QTest::addColumn<QByteArray>("pod");
        QTest::addColumn<QString>("line");
        const QByteArray spec = R"("metadata":{"name":"web-1"},"spec":{"containers":[
            {"name":"web","image":"127.0.0.1:5000/app:2",
             "resources":{"limits":{"memory":"16Mi"}}}]})";
        // kubelet's message spans lines and quotes the image; the report keeps one line.
        QTest::newRow("image pull back-off")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web",
                "image":"127.0.0.1:5000/app:2","restartCount":0,"state":{"waiting":{
                "reason":"ImagePullBackOff","message":)"
                + QByteArray("\"Back-off pulling image \\\"127.0.0.1:5000/app:2\\\":\\n not found\"")
                + "}}}]}}")
            << QStringLiteral("pod/web-1 container web: cannot pull image 127.0.0.1:5000/app:2 "
                              "(ImagePullBackOff): Back-off pulling image "
                              "\"127.0.0.1:5000/app:2\": not found");
        QTest::newRow("err image pull")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web",
                "image":"127.0.0.1:5000/app:2","state":{"waiting":{"reason":"ErrImagePull",
                "message":"failed to resolve reference"}}}]}})")
            << QStringLiteral("pod/web-1 container web: cannot pull image 127.0.0.1:5000/app:2 "
                              "(ErrImagePull): failed to resolve reference");
        QTest::newRow("crash loop")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web","restartCount":3,
                "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s"}},
                "lastState":{"terminated":{"reason":"Error","exitCode":3}}}]}})")
            << QStringLiteral("pod/web-1 container web: CrashLoopBackOff: exits with code 3, "
                              "restarted 3 times");
        QTest::newRow("crash loop between two back-offs")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web","restartCount":2,
                "state":{"terminated":{"reason":"Error","exitCode":3}},
                "lastState":{"terminated":{"reason":"Error","exitCode":3}}}]}})")
            << QStringLiteral("pod/web-1 container web: CrashLoopBackOff: exits with code 3, "
                              "restarted 2 times");
        QTest::newRow("first exit: not yet a loop")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web","restartCount":0,
                "state":{"terminated":{"reason":"Error","exitCode":3}}}]}})")
            << QString();
        QTest::newRow("crash loop with a termination message")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web","restartCount":1,
                "state":{"waiting":{"reason":"CrashLoopBackOff"}},
                "lastState":{"terminated":{"reason":"Error","exitCode":1,
                "message":"config.yaml: missing key"}}}]}})")
            << QStringLiteral("pod/web-1 container web: CrashLoopBackOff: exits with code 1, "
                              "restarted once: config.yaml: missing key");
        QTest::newRow("oom killed, waiting to restart")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web","restartCount":2,
                "state":{"waiting":{"reason":"CrashLoopBackOff"}},
                "lastState":{"terminated":{"reason":"OOMKilled","exitCode":137}}}]}})")
            << QStringLiteral("pod/web-1 container web: OOMKilled: killed for using more than "
                              "its memory limit 16Mi (exit code 137, restarted 2 times)");
        QTest::newRow("oom killed just now, no limit")
            << QByteArray(R"({"metadata":{"name":"web-1"},"spec":{"containers":[{"name":"web"}]},
                "status":{"containerStatuses":[{"name":"web","restartCount":0,
                "state":{"terminated":{"reason":"OOMKilled","exitCode":137}}}]}})")
            << QStringLiteral("pod/web-1 container web: OOMKilled: killed for using more than "
                              "its memory (no limit set: the node ran out) (exit code 137, "
                              "restarted 0 times)");
        QTest::newRow("running: nothing to say")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web","restartCount":0,
                "state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}}}]}})")
            << QString();
        QTest::newRow("creating: nothing to say")
            << ("{" + spec + R"(,"status":{"containerStatuses":[{"name":"web",
                "state":{"waiting":{"reason":"ContainerCreating"}}}]}})")
            << QString();
    }

    void containerProblem()
    {
        QFETCH(QByteArray, pod);
        QFETCH(QString, line);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(pod, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject cs = o[u"status"][u"containerStatuses"][0].toObject();
        QCOMPARE(RolloutDiagnostics::containerProblem(o, cs), line);
    }
};

QTEST_GUILESS_MAIN(TestRolloutDiagnostics)
#include "tst_rolloutdiagnostics.moc"
