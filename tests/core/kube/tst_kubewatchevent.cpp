// Decoding one line of a watch stream: the event kinds, 410 as an ERROR event, and lines
// that are no event at all (which KubeWatch must not pass on as an empty-typed event).
#include "core/kube/kubewatchevent.h"

#include <QTest>

using namespace pw::core;
using Kind = KubeWatchEvent::Kind;

class tst_KubeWatchEvent : public QObject
{
    Q_OBJECT

private slots:
    void decode_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("resourceVersion");
        QTest::addColumn<QString>("message");
        QTest::newRow("added") << QByteArray(R"({"type":"ADDED","object":{"metadata":{"name":"w",)"
                                             R"("resourceVersion":"12"}}})")
                               << int(Kind::Changed) << "ADDED"
                               << "12"
                               << "";
        QTest::newRow("deleted, no version")
            << QByteArray(R"({"type":"DELETED","object":{"metadata":{"name":"w"}}})")
            << int(Kind::Changed) << "DELETED"
            << ""
            << "";
        QTest::newRow("bookmark") << QByteArray(
            R"({"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"99"}}})")
                                  << int(Kind::Bookmark) << ""
                                  << "99"
                                  << "";
        QTest::newRow("410 as an event")
            << QByteArray(R"({"type":"ERROR","object":{"kind":"Status","code":410,)"
                          R"("reason":"Expired","message":"too old resource version: 1"}})")
            << int(Kind::Gone) << ""
            << ""
            << "too old resource version: 1";
        QTest::newRow("expired without code")
            << QByteArray(R"({"type":"ERROR","object":{"reason":"Expired","message":"x"}})")
            << int(Kind::Gone) << ""
            << ""
            << "x";
        QTest::newRow("other error")
            << QByteArray(R"({"type":"ERROR","object":{"code":500,"message":"boom"}})")
            << int(Kind::Error) << ""
            << ""
            << "boom";
        QTest::newRow("blank") << QByteArray("  \r") << int(Kind::Ignored) << ""
                               << ""
                               << "";
        QTest::newRow("not json") << QByteArray("HTTP/1.1 200 OK") << int(Kind::Ignored) << ""
                                  << ""
                                  << "";
        QTest::newRow("array") << QByteArray(R"([{"type":"ADDED"}])") << int(Kind::Ignored) << ""
                               << ""
                               << "";
        QTest::newRow("no type") << QByteArray(R"({"object":{}})") << int(Kind::Ignored) << ""
                                 << ""
                                 << "";
        QTest::newRow("unknown type")
            << QByteArray(R"({"type":"WHATEVER","object":{"metadata":{"resourceVersion":"3"}}})")
            << int(Kind::Ignored) << ""
            << "3"
            << "";
        QTest::newRow("object not an object")
            << QByteArray(R"({"type":"MODIFIED","object":"x"})") << int(Kind::Changed) << "MODIFIED"
            << ""
            << "";
    }

    void decode()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, kind);
        QFETCH(QString, type);
        QFETCH(QString, resourceVersion);
        QFETCH(QString, message);
        const KubeWatchEvent ev = KubeWatchEvent::fromLine(line);
        QCOMPARE(int(ev.kind), kind);
        QCOMPARE(ev.type, type);
        QCOMPARE(ev.resourceVersion, resourceVersion);
        QCOMPARE(ev.message, message);
        if (ev.kind == Kind::Changed && line.contains("\"name\""))
            QCOMPARE(ev.object.value(u"metadata"_qs).toObject().value(u"name"_qs).toString(),
                     u"w"_qs);
    }
};

QTEST_GUILESS_MAIN(tst_KubeWatchEvent)
#include "tst_kubewatchevent.moc"
