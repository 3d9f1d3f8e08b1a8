#include "core/logs/logbuffer.h"
#include "core/logs/loggroupparser.h"

#include <QTest>

using namespace pw::core;

class TstLogGroupParser : public QObject
{
    Q_OBJECT

    static std::vector<LogGroup> parse(const QByteArray &log, bool failed = false)
    {
        LogBuffer buffer;
        buffer.setStartTime(1000);
        // One line per append, 100 ms apart, so durations come from line times.
        qint64 t = 1000;
        for (const QByteArray &line : log.split('\n'))
            buffer.append(line + '\n', OutputStream::Stdout, t += 100);
        buffer.finish(failed);
        return buffer.groups();
    }

private slots:
    void github()
    {
        const auto groups = parse("before\n::group::Install deps\nnpm ci\n::endgroup::\nafter");
        QCOMPARE(groups.size(), size_t(1));
        QCOMPARE(groups[0].kind, LogGroup::Kind::GitHub);
        QCOMPARE(groups[0].title, QStringLiteral("Install deps"));
        QCOMPARE(groups[0].headerLine, 1);
        QCOMPARE(groups[0].endLine, 3);
        QVERIFY(groups[0].endsOnMarker); // line 3 is ::endgroup::, which views hide
        QCOMPARE(groups[0].durationMs(), 200);
    }

    void githubNested()
    {
        const auto groups = parse("::group::outer\n::group::inner\nx\n::endgroup::\ny\n"
                                  "::endgroup::");
        QCOMPARE(groups.size(), size_t(2));
        QCOMPARE(groups[1].parent, 0);
        QCOMPARE(groups[1].depth, 1);
        QCOMPARE(groups[1].endLine, 3);
        QCOMPARE(groups[0].endLine, 5);
    }

    void gitlab()
    {
        const auto groups = parse(
            "\x1b[0Ksection_start:1560896352:build[collapsed=true]\r\x1b[0K\x1b[1mBuild it\x1b[0m\n"
            "make\n"
            "\x1b[0Ksection_start:1560896353:inner\r\x1b[0KInner\n"
            "cc\n"
            "\x1b[0Ksection_end:1560896360:inner\r\x1b[0K\n"
            "\x1b[0Ksection_end:1560896372:build\r\x1b[0K\n");
        QCOMPARE(groups.size(), size_t(2));
        QCOMPARE(groups[0].title, QStringLiteral("Build it"));
        QCOMPARE(groups[0].name, QStringLiteral("build"));
        QVERIFY(groups[0].collapsed);
        QCOMPARE(groups[0].durationMs(), 20000);
        QCOMPARE(groups[0].endLine, 5);
        QVERIFY(groups[0].endsOnMarker && groups[1].endsOnMarker);
        QCOMPARE(groups[1].durationMs(), 7000);
        QVERIFY(!groups[1].collapsed);
    }

    void gitlabEndClosesUnclosedInner()
    {
        const auto groups = parse("\x1b[0Ksection_start:1:a\r\x1b[0KA\n"
                                  "\x1b[0Ksection_start:2:b\r\x1b[0KB\n"
                                  "\x1b[0Ksection_end:3:a\r\x1b[0K\nafter");
        QCOMPARE(groups.size(), size_t(2));
        QCOMPARE(groups[1].endLine, 2);
        QCOMPARE(groups[0].endLine, 2);
    }

    void buildkite()
    {
        const auto groups = parse("--- :package: Build\nmake\n+++ Test\nrun\n~~~ Cleanup\nrm\n"
                                  "--- Deploy\nx\n^^^ +++\n");
        QCOMPARE(groups.size(), size_t(4));
        QVERIFY(groups[0].collapsed);
        QCOMPARE(groups[0].endLine, 1); // ended by the next header
        QVERIFY(!groups[0].endsOnMarker); // line 1 is output ("make"), not a marker
        QVERIFY(!groups[3].endsOnMarker); // closed by the end of the log
        QVERIFY(!groups[1].collapsed);
        QVERIFY(groups[2].collapsed);
        QVERIFY(groups[2].deemphasised);
        QVERIFY(!groups[3].collapsed); // re-opened by ^^^ +++
        QCOMPARE(groups[0].depth, 0);
        QCOMPARE(groups[1].depth, 0);
    }

    void pipewrightStagesAndSteps()
    {
        const auto groups = parse("##pw[stage build]\n##pw[step compile]\ncc\n##pw[end succeeded]\n"
                                  "##pw[step test]\nboom\n##pw[end failed]\n##pw[end failed]\n"
                                  "##pw[stage deploy]\nok");
        QCOMPARE(groups.size(), size_t(4));
        QCOMPARE(groups[0].kind, LogGroup::Kind::Stage);
        QCOMPARE(groups[1].kind, LogGroup::Kind::Step);
        QCOMPARE(groups[1].parent, 0);
        QVERIFY(groups[1].collapsed);
        QVERIFY(!groups[1].failed);
        QVERIFY(groups[2].failed);
        QVERIFY(!groups[2].collapsed);
        QVERIFY(groups[0].failed); // a failed step fails its stage
        QCOMPARE(groups[3].title, QStringLiteral("Stage deploy"));
        QVERIFY(groups[1].endsOnMarker && groups[2].endsOnMarker && groups[0].endsOnMarker);
        QVERIFY(!groups[3].endsOnMarker); // the log ended with it still open
    }

    void failedLogOpensTheGroupItEndedIn()
    {
        const auto groups = parse("::group::a\nx\n::endgroup::\n::group::b\nerror: nope", true);
        QCOMPARE(groups.size(), size_t(2));
        QVERIFY(!groups[0].failed);
        QVERIFY(groups[1].failed);
        QCOMPARE(groups[1].endLine, 4);
        QVERIFY(!groups[1].endsOnMarker); // line 4 is its last output line
    }

    void markerSplitAcrossAppends()
    {
        LogBuffer buffer;
        buffer.append("::gr");
        buffer.append("oup::Split title\nx\n::endgr");
        buffer.append("oup::\n");
        QCOMPARE(buffer.groups().size(), size_t(1));
        QCOMPARE(buffer.groups()[0].title, QStringLiteral("Split title"));
        QCOMPARE(buffer.groups()[0].endLine, 2);
    }

    void notMarkers()
    {
        const auto groups = parse("section_start without numbers\n--no-space\n::endgroup::\n"
                                  "##pw[bogus]\n");
        QCOMPARE(groups.size(), size_t(0));
    }
};

QTEST_GUILESS_MAIN(TstLogGroupParser)
#include "tst_loggroupparser.moc"
