// The discrete-event simulator: reproducibility, Little's law on its output, and agreement
// with the exact formulas inside its own confidence intervals at ρ ≤ 0.8.
#include "core/queueing/analyticqueue.h"
#include "core/queueing/queuesimulator.h"

#include <QTest>

#include <atomic>
#include <cmath>

using namespace pw::core;

namespace {

QueueParameters params(QueueModel model, double lambda, double mu, int c = 1, int k = 0,
                       double cs2 = 1.0)
{
    QueueParameters p;
    p.model = model;
    p.lambda = lambda;
    p.mu = mu;
    p.servers = c;
    p.capacity = k;
    p.cs2 = cs2;
    return p;
}

QString describe(const char *name, const Estimate &e, double expected)
{
    return QStringLiteral("%1: simulated %2 ± %3, expected %4")
        .arg(QString::fromUtf8(name))
        .arg(e.mean)
        .arg(e.halfWidth)
        .arg(expected);
}

// Fixed seeds make this deterministic; 4 half-widths leave room for batch-means CIs being a
// little narrow under autocorrelation (see the reference notes on ρ ≤ 0.8).
// A probability of 3e-7 is 0 in a finite run, hence the absolute slack.
#define COVERS(estimate, expected)                                                             \
    QVERIFY2((estimate).covers((expected), 4.0)                                                \
                 || std::abs((estimate).mean - (expected)) < 1e-5,                             \
             qPrintable(describe(#estimate, (estimate), (expected))))

} // namespace

class TestQueueSimulator : public QObject
{
    Q_OBJECT

private slots:
    void distributions_data();
    void distributions();
    void sameSeedSameResult();
    void commonRandomNumbers();
    void againstAnalytic_data();
    void againstAnalytic();
    void littlesLaw_data();
    void littlesLaw();
    void cancel();
    void badConfig();
};

void TestQueueSimulator::distributions_data()
{
    QTest::addColumn<Distribution>("d");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("cv2");
    QTest::newRow("exponential") << Distribution::exponential(2.0) << 2.0 << 1.0;
    QTest::newRow("deterministic") << Distribution::deterministic(3.0) << 3.0 << 0.0;
    QTest::newRow("erlang-4") << Distribution::erlang(4, 1.5) << 1.5 << 0.25;
    QTest::newRow("erlang-30") << Distribution::erlang(30, 1.0) << 1.0 << 1.0 / 30;
    QTest::newRow("lognormal") << Distribution::lognormal(5.0, 2.0) << 5.0 << 2.0;
    // {1, 2, 6}: mean 3, variance (4 + 1 + 9)/3 = 14/3, cv² = 14/27.
    QTest::newRow("empirical") << Distribution::empirical({1.0, 2.0, 6.0}) << 3.0 << 14.0 / 27;
    QTest::newRow("fromMoments(0.5)") << Distribution::fromMoments(1.0, 0.5) << 1.0 << 0.5;
}

void TestQueueSimulator::distributions()
{
    QFETCH(Distribution, d);
    QFETCH(double, mean);
    QFETCH(double, cv2);
    QCOMPARE(d.mean(), mean);
    QVERIFY(std::abs(d.cv2() - cv2) < 1e-12);
    RandomStream rng(42);
    const int n = 400000;
    double sum = 0.0, sumSq = 0.0;
    for (int i = 0; i < n; ++i) {
        const double x = d.sample(rng);
        QVERIFY(x >= 0.0);
        sum += x;
        sumSq += x * x;
    }
    const double m = sum / n;
    const double var = sumSq / n - m * m;
    QVERIFY2(std::abs(m - mean) < 0.02 * mean, qPrintable(QString::number(m)));
    QVERIFY2(std::abs(var / (m * m) - cv2) < 0.08 * std::max(cv2, 0.05),
             qPrintable(QString::number(var / (m * m))));
}

void TestQueueSimulator::sameSeedSameResult()
{
    for (const QueueParameters &p : {params(QueueModel::MM1, 0.7, 1.0),
                                     params(QueueModel::MMc, 2.0, 1.0, 3),
                                     params(QueueModel::MMcK, 2.0, 1.0, 2, 5)}) {
        const SimulationConfig config = SimulationConfig::fromParameters(p, 50000, 7);
        const SimulationResult a = QueueSimulator::run(config);
        const SimulationResult b = QueueSimulator::run(config);
        QVERIFY(a.error.isEmpty());
        QCOMPARE(a.Wq.mean, b.Wq.mean);
        QCOMPARE(a.L.mean, b.L.mean);
        QCOMPARE(a.L.halfWidth, b.L.halfWidth);
        QCOMPARE(a.seriesCount, b.seriesCount);
        QCOMPARE(a.waitSamples, b.waitSamples);
        SimulationConfig other = config;
        other.seed = 8;
        QVERIFY(QueueSimulator::run(other).Wq.mean != a.Wq.mean);
    }
}

void TestQueueSimulator::commonRandomNumbers()
{
    // Arrivals have their own stream: changing c replays the same arrival times, and the
    // extra runner can only shorten waits.
    SimulationConfig three = SimulationConfig::fromParameters(
        params(QueueModel::MMc, 2.5, 1.0, 3), 100000, 11);
    SimulationConfig four = three;
    four.servers = 4;
    const SimulationResult r3 = QueueSimulator::run(three);
    const SimulationResult r4 = QueueSimulator::run(four);
    QCOMPARE(r3.seriesTime, r4.seriesTime);
    QVERIFY(r4.Wq.mean < r3.Wq.mean);
    // The event-driven engine sees the same customers as the heap, so the same waits; only
    // customers still waiting when the last arrival ends the run are missing from it.
    SimulationConfig event = three;
    event.eventDriven = true;
    const SimulationResult re = QueueSimulator::run(event);
    QCOMPARE(re.engine, QStringLiteral("event"));
    QCOMPARE(r3.engine, QStringLiteral("heap"));
    QVERIFY(std::abs(re.Wq.mean - r3.Wq.mean) < 1e-3 * r3.Wq.mean);
    QVERIFY(std::abs(re.L.mean - r3.L.mean) < 1e-3 * r3.L.mean);
}

void TestQueueSimulator::againstAnalytic_data()
{
    QTest::addColumn<QueueParameters>("p");
    QTest::addColumn<bool>("eventDriven");
    QTest::newRow("mm1 ρ=0.8") << params(QueueModel::MM1, 0.8, 1.0) << false;
    QTest::newRow("mm1 ρ=0.5 event") << params(QueueModel::MM1, 1.0, 2.0) << true;
    QTest::newRow("md1") << params(QueueModel::MD1, 0.7, 1.0, 1, 0, 0.0) << false;
    QTest::newRow("mg1 erlang-2") << params(QueueModel::MG1, 0.7, 1.0, 1, 0, 0.5) << false;
    QTest::newRow("mg1 lognormal") << params(QueueModel::MG1, 0.6, 1.0, 1, 0, 2.0) << false;
    QTest::newRow("mmc") << params(QueueModel::MMc, 2.0, 1.0, 3) << false;
    QTest::newRow("mmc c=20") << params(QueueModel::MMc, 15.0, 1.0, 20) << false;
    QTest::newRow("mm1k") << params(QueueModel::MMcK, 1.0, 2.0, 1, 2) << false;
    QTest::newRow("mmck ρ=1") << params(QueueModel::MMcK, 2.0, 1.0, 2, 4) << false;
    QTest::newRow("mmck overload") << params(QueueModel::MMcK, 4.0, 1.0, 2, 6) << false;
}

void TestQueueSimulator::againstAnalytic()
{
    QFETCH(QueueParameters, p);
    QFETCH(bool, eventDriven);
    const AnalyticQueue exact(p);
    QVERIFY(exact.isValid());
    SimulationConfig config = SimulationConfig::fromParameters(p, 2000000, 2024);
    config.eventDriven = eventDriven;
    const SimulationResult r = QueueSimulator::run(config);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const QueueMetrics &m = exact.metrics();
    COVERS(r.Wq, m.Wq);
    COVERS(r.W, m.W);
    COVERS(r.L, m.L);
    COVERS(r.Lq, m.Lq);
    COVERS(r.P0, m.P0);
    COVERS(r.Pwait, m.Pwait);
    COVERS(r.Pblock, m.Pblock);
    COVERS(r.lambdaEff, m.lambdaEff);
    COVERS(r.rho, m.utilisation);
    // Half-widths are meaningful: small, but not zero.
    QVERIFY(r.Wq.halfWidth > 0.0 && r.Wq.halfWidth < 0.05 * m.Wq + 1e-9);
    if (exact.hasWaitDistribution()) {
        const double p90 = exact.waitPercentile(0.9);
        const double simulated = r.waitPercentile(0.9);
        QVERIFY2(std::abs(simulated - p90) < 0.05 * p90 + 0.01,
                 qPrintable(QStringLiteral("p90 %1 vs %2").arg(simulated).arg(p90)));
    }
}

void TestQueueSimulator::littlesLaw_data()
{
    QTest::addColumn<QueueParameters>("p");
    QTest::addColumn<bool>("eventDriven");
    QTest::newRow("gg1 lognormal") << params(QueueModel::MG1, 0.8, 1.0, 1, 0, 3.0) << false;
    QTest::newRow("ggc heap") << params(QueueModel::MMc, 3.5, 1.0, 4) << false;
    QTest::newRow("mmck") << params(QueueModel::MMcK, 3.0, 1.0, 3, 5) << false;
    QTest::newRow("mmc event") << params(QueueModel::MMc, 3.5, 1.0, 4) << true;
}

void TestQueueSimulator::littlesLaw()
{
    // L is a time average and W an average over customers: measured apart, they must still
    // satisfy L = λ_eff·W and Lq = λ_eff·Wq.
    QFETCH(QueueParameters, p);
    QFETCH(bool, eventDriven);
    SimulationConfig config = SimulationConfig::fromParameters(p, 1000000, 5);
    config.eventDriven = eventDriven;
    const SimulationResult r = QueueSimulator::run(config);
    const double lw = r.lambdaEff.mean * r.W.mean;
    const double lqw = r.lambdaEff.mean * r.Wq.mean;
    QVERIFY2(std::abs(r.L.mean - lw) < 0.01 * lw,
             qPrintable(QStringLiteral("L %1 vs λW %2").arg(r.L.mean).arg(lw)));
    QVERIFY2(std::abs(r.Lq.mean - lqw) < 0.01 * lqw + 1e-6,
             qPrintable(QStringLiteral("Lq %1 vs λWq %2").arg(r.Lq.mean).arg(lqw)));
    // Busy servers = λ_eff·E[S].
    QVERIFY(std::abs(r.rho.mean * p.servers - r.lambdaEff.mean / p.mu) < 0.01 * p.servers);
}

void TestQueueSimulator::cancel()
{
    std::atomic<bool> cancelFlag{true};
    SimulationControl control;
    control.cancel = &cancelFlag;
    int progressCalls = 0;
    control.progress = [&](double) { ++progressCalls; };
    for (bool eventDriven : {false, true}) {
        SimulationConfig config = SimulationConfig::fromParameters(
            params(QueueModel::MM1, 0.5, 1.0), 100000000, 1);
        config.eventDriven = eventDriven;
        const SimulationResult r = QueueSimulator::run(config, control);
        QVERIFY(r.cancelled);
        QVERIFY(r.arrivals < config.customers);
    }
    QCOMPARE(progressCalls, 0);
}

void TestQueueSimulator::badConfig()
{
    SimulationConfig config = SimulationConfig::fromParameters(
        params(QueueModel::MM1, 0.5, 1.0), 10, 1);
    QVERIFY(QueueSimulator::run(config).error.contains(u"customers"));
    config.customers = qint64(1) << 40;
    QVERIFY(QueueSimulator::run(config).error.contains(u"customers"));
    config.customers = 10000;
    config.warmup = 10000;
    QVERIFY(QueueSimulator::run(config).error.contains(u"warm-up"));
    config.warmup = -1;
    config.service = Distribution::exponential(std::nan(""));
    QVERIFY(!QueueSimulator::run(config).error.isEmpty());
}

QTEST_GUILESS_MAIN(TestQueueSimulator)
#include "tst_queuesimulator.moc"
