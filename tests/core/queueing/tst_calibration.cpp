// Calibration from arrival times and durations, the run-history adapter, and the what-if
// search for the number of runners.
#include "core/queueing/arrivalcalibration.h"
#include "core/queueing/randomstream.h"
#include "core/queueing/runhistorycalibration.h"
#include "core/queueing/runnerplanner.h"
#include "core/queueing/servicecalibration.h"

#include <QTest>

#include <cmath>

using namespace pw::core;

class TestCalibration : public QObject
{
    Q_OBJECT

private slots:
    void regularArrivalsAreNotPoisson()
    {
        // One arrival every 2 units: λ = 1/2, no variability, and the KS test must reject.
        std::vector<double> times;
        for (int i = 0; i < 50; ++i)
            times.push_back(100.0 + 2.0 * i);
        const ArrivalCalibration c = ArrivalCalibration::fromTimestamps(times);
        QVERIFY(c.valid);
        QCOMPARE(c.gaps, 49);
        QCOMPARE(c.lambda, 0.5);
        QVERIFY(c.ca2 < 1e-20);
        QVERIFY(!c.poissonPlausible);
        QVERIFY(c.message.contains(u"not Poisson"));
    }

    void poissonArrivals()
    {
        // Exponential gaps of mean 0.25, unsorted input: λ ≈ 4, ca² ≈ 1, not rejected.
        RandomStream rng(3);
        std::vector<double> times;
        double t = 0.0;
        for (int i = 0; i < 2000; ++i) {
            t += rng.exponential(0.25);
            times.push_back(t);
        }
        std::reverse(times.begin(), times.end());
        const ArrivalCalibration c = ArrivalCalibration::fromTimestamps(times);
        QVERIFY(c.valid);
        QVERIFY(std::abs(c.lambda - 4.0) < 0.25);
        QVERIFY(std::abs(c.ca2 - 1.0) < 0.1);
        QVERIFY2(c.poissonPlausible, qPrintable(c.message));
    }

    void burstyArrivalsAreNotPoisson()
    {
        // Pushes come in bursts of 5 within a second, bursts an hour apart: ca² ≫ 1.
        std::vector<double> times;
        for (int burst = 0; burst < 40; ++burst) {
            for (int i = 0; i < 5; ++i)
                times.push_back(burst * 3600.0 + i * 0.2);
        }
        const ArrivalCalibration c = ArrivalCalibration::fromTimestamps(times);
        QVERIFY(c.ca2 > 3.0);
        QVERIFY(!c.poissonPlausible);
    }

    void tooFewArrivals()
    {
        QVERIFY(!ArrivalCalibration::fromTimestamps({1.0, 2.0}).valid);
        QVERIFY(!ArrivalCalibration::fromTimestamps({5.0, 5.0, 5.0}).valid);
    }

    void durations()
    {
        // {1, 2, 6}: mean 3, sample variance (4 + 1 + 9)/2 = 7, cs² = 7/9; bad values ignored.
        const ServiceCalibration c = ServiceCalibration::fromDurations(
            {1.0, 2.0, 6.0, -1.0, std::nan(""), 0.0});
        QVERIFY(c.valid);
        QCOMPARE(c.count, 3);
        QCOMPARE(c.mean, 3.0);
        QCOMPARE(c.mu, 1.0 / 3);
        QVERIFY(std::abs(c.cs2 - 7.0 / 9) < 1e-15);
        QVERIFY(!ServiceCalibration::fromDurations({4.0}).valid);
    }

    void runHistory()
    {
        // Runs queued every 30 minutes, each taking 10 or 20 minutes: λ = 2/h, mean 0.25 h.
        QList<RunRecord> runs;
        const qint64 base = 1700000000000;
        for (int i = 0; i < 10; ++i) {
            RunRecord r;
            r.queuedAt = base + i * 30 * 60 * 1000;
            r.startedAt = r.queuedAt + 1000;
            r.finishedAt = r.startedAt + (i % 2 ? 20 : 10) * 60 * 1000;
            runs.append(r);
        }
        RunRecord pending; // queued, never started: an arrival but no duration
        pending.queuedAt = base + 10 * 30 * 60 * 1000;
        runs.append(pending);
        const RunHistoryCalibration c = RunHistoryCalibration::fromRuns(runs);
        QVERIFY(c.arrivals.valid);
        QVERIFY(std::abs(c.arrivals.lambda - 2.0) < 1e-9);
        QCOMPARE(c.services.count, 10);
        QVERIFY(std::abs(c.services.mean - 0.25) < 1e-12);
        QVERIFY(std::abs(c.services.mu - 4.0) < 1e-9);
    }

    void runnersForTargets()
    {
        // λ = 2, μ = 1. Wq(c=3) = 4/9; c = 4: B = 2/21, C = 4/23, Wq = 2/23 ≈ 0.087.
        const RunnerPlanner planner(2.0, 1.0);
        QCOMPARE(planner.minimumServers(), 3);
        QVERIFY(std::abs(planner.meanWait(3) - 4.0 / 9) < 1e-12);
        QVERIFY(std::abs(planner.meanWait(4) - 2.0 / 23) < 1e-12);
        QVERIFY(std::isnan(planner.meanWait(2)));
        QCOMPARE(planner.serversForMeanWait(0.1), 4);
        QCOMPARE(planner.serversForMeanWait(0.5), 3);
        // P(Wq > 0.5) ≤ 5%: c = 4 gives (4/23)e^{−1} ≈ 0.064, c = 5 gives (4/67)e^{−1.5}.
        QVERIFY(std::abs(planner.waitTail(5, 0.5) - 4.0 / 67 * std::exp(-1.5)) < 1e-12);
        QCOMPARE(planner.serversForWaitTail(0.5, 0.05), 5);
        // Burstier traffic needs more runners for the same target.
        const RunnerPlanner bursty(2.0, 1.0, 3.0, 2.0);
        QVERIFY(*bursty.serversForMeanWait(0.1) > 4);
        QVERIFY(!planner.serversForMeanWait(0.0, 10).has_value());
        QVERIFY(planner.squareRootStaffing() >= planner.minimumServers());
    }
};

QTEST_GUILESS_MAIN(TestCalibration)
#include "tst_calibration.moc"
