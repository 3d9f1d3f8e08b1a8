#include "core/git/arrivalstatistics.h"

#include <QTest>
#include <QTimeZone>

using namespace pw::core;

class TstArrivalStatistics : public QObject
{
    Q_OBJECT

private slots:
    void evenGapsHaveZeroVariability();
    void unevenGapsHaveKnownCv2();
    void hourOfWeekUsesTheCommittersOffset();
    void perHourBins();
    void fewArrivals();
};

void TstArrivalStatistics::evenGapsHaveZeroVariability()
{
    const QDateTime start(QDate(2024, 1, 1), QTime(9, 0), Qt::UTC);
    QList<QDateTime> times;
    for (int i = 0; i < 5; ++i)
        times.append(start.addSecs(1800 * i));
    std::reverse(times.begin(), times.end()); // any order
    const ArrivalStatistics s = ArrivalStatistics::compute(times);
    QCOMPARE(s.count, 5);
    QCOMPARE(s.first, start);
    QCOMPARE(s.spanHours, 2.0);
    QCOMPARE(s.ratePerHour, 2.0);
    QCOMPARE(s.meanInterArrivalSeconds, 1800.0);
    QCOMPARE(s.cv2, 0.0);
}

void TstArrivalStatistics::unevenGapsHaveKnownCv2()
{
    // Gaps 60, 180, 60, 180 s: mean 120, sample variance 4800, cv² = 4800 / 14400 = 1/3.
    const QDateTime start(QDate(2024, 1, 1), QTime(9, 0), Qt::UTC);
    const QList<QDateTime> times{start, start.addSecs(60), start.addSecs(240),
                                 start.addSecs(300), start.addSecs(480)};
    const ArrivalStatistics s = ArrivalStatistics::compute(times);
    QCOMPARE(s.meanInterArrivalSeconds, 120.0);
    QCOMPARE(s.interArrivalVariance, 4800.0);
    QVERIFY(qAbs(s.cv2 - 1.0 / 3.0) < 1e-12);
}

void TstArrivalStatistics::hourOfWeekUsesTheCommittersOffset()
{
    // Monday 23:30 UTC is Tuesday 01:30 for a committer at UTC+2.
    const QDateTime utc(QDate(2024, 1, 1), QTime(23, 30), Qt::UTC);
    QCOMPARE(ArrivalStatistics::hourOfWeekSlot(utc), 23);
    const QDateTime local = utc.toTimeZone(QTimeZone(2 * 3600));
    QCOMPARE(ArrivalStatistics::hourOfWeekSlot(local), 24 + 1);
    // Two weeks of Monday 09:xx commits: one per week in that slot.
    const QDateTime mon(QDate(2024, 1, 1), QTime(9, 15), Qt::UTC);
    const ArrivalStatistics s = ArrivalStatistics::compute({mon, mon.addDays(7)});
    QCOMPARE(s.hourOfWeekCount[9], 2);
    QCOMPARE(s.hourOfWeekRate[9], 1.0);
    QCOMPARE(s.hourOfWeekCount[10], 0);
}

void TstArrivalStatistics::perHourBins()
{
    const QDateTime from(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    const QList<QDateTime> times{from.addSecs(10), from.addSecs(3599), from.addSecs(3600),
                                 from.addSecs(3 * 3600 + 5), from.addSecs(-5)};
    const QList<int> bins = ArrivalStatistics::perHour(times, from, from.addSecs(4 * 3600));
    QCOMPARE(bins, (QList<int>{2, 1, 0, 1}));
}

void TstArrivalStatistics::fewArrivals()
{
    QCOMPARE(ArrivalStatistics::compute({}).count, 0);
    const ArrivalStatistics one = ArrivalStatistics::compute({QDateTime::currentDateTimeUtc()});
    QCOMPARE(one.count, 1);
    QCOMPARE(one.ratePerHour, 0.0); // no rate from a single arrival
}

QTEST_GUILESS_MAIN(TstArrivalStatistics)
#include "tst_arrivalstatistics.moc"
