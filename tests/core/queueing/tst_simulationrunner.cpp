// The background runner: results arrive as signals, a new start supersedes the old job, and
// cancel stops a long run without blocking the caller.
#include "core/queueing/simulationrunner.h"

#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

namespace {

SimulationConfig config(qint64 customers, quint64 seed)
{
    QueueParameters p;
    p.model = QueueModel::MMc;
    p.lambda = 2.0;
    p.mu = 1.0;
    p.servers = 3;
    return SimulationConfig::fromParameters(p, customers, seed);
}

} // namespace

class TestSimulationRunner : public QObject
{
    Q_OBJECT

private slots:
    void finishesInBackground()
    {
        SimulationRunner runner;
        QSignalSpy finished(&runner, &SimulationRunner::finished);
        QSignalSpy progress(&runner, &SimulationRunner::progress);
        runner.start(config(300000, 1));
        QVERIFY(runner.isRunning());
        QVERIFY(finished.wait(60000));
        QVERIFY(!runner.isRunning());
        const auto result = finished.first().first().value<SimulationResult>();
        QCOMPARE(result.arrivals, 300000);
        QVERIFY(std::abs(result.Wq.mean - 4.0 / 9) < 0.05);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().first().toDouble(), 1.0);
    }

    void latestWins()
    {
        SimulationRunner runner;
        QSignalSpy finished(&runner, &SimulationRunner::finished);
        runner.start(config(50000000, 1)); // long; superseded at once
        runner.start(config(20000, 2));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().value<SimulationResult>().arrivals, 20000);
        // The worker runs jobs in order, so a leaked result of the superseded job would show
        // up before the next one's.
        runner.start(config(30000, 3));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.size(), 2);
        QCOMPARE(finished.last().first().value<SimulationResult>().arrivals, 30000);
    }

    void cancel()
    {
        SimulationRunner runner;
        QSignalSpy finished(&runner, &SimulationRunner::finished);
        QSignalSpy cancelled(&runner, &SimulationRunner::cancelled);
        runner.start(config(SimulationConfig::maxCustomers, 3));
        runner.cancel();
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(!runner.isRunning());
        // Starting again after a cancel works, and the cancelled job never reports.
        runner.start(config(20000, 4));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<SimulationResult>().arrivals, 20000);
    }
};

QTEST_GUILESS_MAIN(TestSimulationRunner)
#include "tst_simulationrunner.moc"
