#include "core/pipeline/duration.h"

#include <QTest>

using namespace pw::core;

class tst_Duration : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("seconds") << u"90s"_qs << qint64(90000);
        QTest::newRow("bare") << u"30"_qs << qint64(30000);
        QTest::newRow("combined") << u"1h30m"_qs << qint64(5400000);
        QTest::newRow("millis") << u"500ms"_qs << qint64(500);
        QTest::newRow("days") << u"2d"_qs << qint64(172800000);
        QTest::newRow("fraction") << u"1.5m"_qs << qint64(90000);
        QTest::newRow("words") << u"ten minutes"_qs << qint64(-1);
        QTest::newRow("unit only") << u"m"_qs << qint64(-1);
        QTest::newRow("trailing") << u"5mx"_qs << qint64(-1);
        QTest::newRow("negative") << u"-5"_qs << qint64(-1);
        QTest::newRow("absurd") << u"99999999d"_qs << qint64(-1);
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = parseDuration(text);
        QCOMPARE(parsed.value_or(-1), ms);
    }
    void formatRoundTrips()
    {
        for (qint64 ms : {1000LL, 61000LL, 5400000LL, 250LL, 3600000LL + 1000LL})
            QCOMPARE(parseDuration(formatDuration(ms)).value_or(-1), ms);
    }
};

QTEST_GUILESS_MAIN(tst_Duration)
#include "tst_duration.moc"
