#include "core/logs/logbuffer.h"
#include "core/logs/logmatcher.h"
#include "core/logs/logsearch.h"

#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

class TstLogSearch : public QObject
{
    Q_OBJECT

    static qint64 runSearch(LogSearch &search, const LogSource &source, LogSearchQuery query)
    {
        QSignalSpy done(&search, &LogSearch::finished);
        search.start(&source, query);
        if (done.isEmpty())
            done.wait(30000);
        return done.isEmpty() ? -1 : done.first().at(0).toLongLong();
    }

private slots:
    void matcher_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<bool>("caseSensitive");
        QTest::addColumn<int>("count");
        QTest::newRow("plain") << QByteArray("an error and an error") << u"error"_qs << false
                               << true << 2;
        QTest::newRow("case off") << QByteArray("ERROR Error") << u"error"_qs << false << false
                                  << 2;
        QTest::newRow("case on") << QByteArray("ERROR Error") << u"error"_qs << false << true << 0;
        QTest::newRow("split by colour") << QByteArray("err\x1b[31mor") << u"error"_qs << false
                                         << true << 1;
        QTest::newRow("escape not text") << QByteArray("\x1b[31m") << u"31"_qs << false << true
                                         << 0;
        // Colour codes only: stripped bytewise, the same answers as the full parser.
        QTest::newRow("colour, case off") << QByteArray("ERR\x1b[1;31mOR and e\x1b[0mrror")
                                          << u"error"_qs << false << false << 2;
        QTest::newRow("256 and truecolour")
            << QByteArray("\x1b[38;5;196mfail\x1b[38;2;1;2;3med\x1b[m") << u"failed"_qs << false
            << true << 1;
        QTest::newRow("truncated escape") << QByteArray("ok \x1b[31") << u"ok"_qs << false << true
                                          << 1;
        // Anything else goes through the parser: OSC titles, carriage-return progress.
        QTest::newRow("osc title") << QByteArray("\x1b]0;title\x07build ok") << u"title"_qs
                                   << false << true << 0;
        QTest::newRow("progress final state") << QByteArray("50%\r100% done") << u"50%"_qs
                                              << false << false << 0;
        QTest::newRow("regex") << QByteArray("took 12ms, 7ms") << u"\\d+ms"_qs << true << true
                               << 2;
        QTest::newRow("empty regex match") << QByteArray("abc") << u"x*"_qs << true << true << 0;
        QTest::newRow("unicode case") << QByteArray("\xc3\x89T\xc3\x89") << u"\u00e9t\u00e9"_qs
                                      << false << false << 1;
        QTest::newRow("nul bytes") << QByteArray("a\0needle", 8) << u"needle"_qs << false << true
                                   << 1;
    }

    void matcher()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, pattern);
        QFETCH(bool, regex);
        QFETCH(bool, caseSensitive);
        QFETCH(int, count);
        LogMatcher matcher({pattern, regex, caseSensitive});
        QVERIFY(matcher.isValid());
        QCOMPARE(matcher.countInLine(line), count);
    }

    void invalidRegexFails()
    {
        LogBuffer buffer;
        buffer.append("x\n");
        LogSearch search;
        QSignalSpy failed(&search, &LogSearch::failed);
        QCOMPARE(runSearch(search, buffer, {u"([a"_qs, true, false}), 0);
        QCOMPARE(failed.size(), 1);
    }

    void findsLinesIncludingLastWithoutNewline()
    {
        LogBuffer buffer;
        buffer.append("::group::folded\nneedle 1\n::endgroup::\nnothing\nNEEDLE and needle\n"
                      "needle at end");
        LogSearch search;
        QCOMPARE(runSearch(search, buffer, {u"needle"_qs, false, false}), 3);
        QCOMPARE(search.hitLine(0), 1);
        QCOMPARE(search.hitLine(1), 4);
        QCOMPARE(search.hitLine(2), 5);
        QCOMPARE(search.matchCount(), 4);
        QCOMPARE(search.lowerBound(2), 1);
        QCOMPARE(search.hitsBetween(0, 5), 2);
    }

    void millionHitsArriveInBatchesWithExactTotal()
    {
        LogBuffer buffer;
        QByteArray block;
        for (int i = 0; i < 10000; ++i)
            block += "step " + QByteArray::number(i) + " ok: building target\n";
        for (int i = 0; i < 100; ++i)
            buffer.append(block);
        QCOMPARE(buffer.lineCount(), 1000000);
        LogSearch search;
        QSignalSpy added(&search, &LogSearch::hitsAdded);
        QCOMPARE(runSearch(search, buffer, {u"ok"_qs, false, true}), 1000000);
        QVERIFY(added.size() >= 1);
        QCOMPARE(search.hitLine(999999), 999999);
        // The first batch came before the search was done.
        QVERIFY(added.first().at(0).toLongLong() < 1000000 || added.size() == 1);
    }

    void restartCancelsThePreviousSearch()
    {
        LogBuffer buffer;
        buffer.append(QByteArray("alpha beta\n").repeated(200000));
        LogSearch search;
        QSignalSpy done(&search, &LogSearch::finished);
        search.start(&buffer, {u"alpha"_qs, false, true});
        search.start(&buffer, {u"gamma"_qs, false, true});
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        QCOMPARE(done.first().at(0).toLongLong(), 0);
        QCOMPARE(search.hitCount(), 0);
    }

    void tenMegabyteLine()
    {
        LogBuffer buffer;
        QByteArray big(10 << 20, 'x');
        big.replace(5 << 20, 6, "needle");
        buffer.append("first\n" + big + "\nlast needle\n");
        LogSearch search;
        QCOMPARE(runSearch(search, buffer, {u"needle"_qs, false, true}), 2);
        QCOMPARE(search.hitLine(0), 1);
        QCOMPARE(buffer.lineLength(1), 10 << 20);
        QCOMPARE(buffer.lineBytes(1, 100).size(), 100);
        QCOMPARE(buffer.lineBytes(1), big);
    }
};

QTEST_GUILESS_MAIN(TstLogSearch)
#include "tst_logsearch.moc"
