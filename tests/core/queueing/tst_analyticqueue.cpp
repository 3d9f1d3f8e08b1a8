// Every analytic model against values derived by hand with exact fractions.
#include "core/queueing/analyticqueue.h"
#include "core/queueing/erlang.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace pw::core;

namespace {

QueueParameters params(QueueModel model, double lambda, double mu, int c = 1, int k = 0,
                       double ca2 = 1.0, double cs2 = 1.0)
{
    QueueParameters p;
    p.model = model;
    p.lambda = lambda;
    p.mu = mu;
    p.servers = c;
    p.capacity = k;
    p.ca2 = ca2;
    p.cs2 = cs2;
    return p;
}

bool near(double actual, double expected, double rel = 1e-12)
{
    return std::abs(actual - expected) <= rel * std::max(1.0, std::abs(expected));
}

#define NEAR(actual, expected)                                                                 \
    QVERIFY2(near((actual), (expected)),                                                       \
             qPrintable(QStringLiteral("%1 = %2, expected %3")                                 \
                            .arg(QString::fromUtf8(#actual))                                   \
                            .arg(actual, 0, 'g', 17)                                           \
                            .arg(expected, 0, 'g', 17)))

} // namespace

class TestAnalyticQueue : public QObject
{
    Q_OBJECT

private slots:
    void means_data();
    void means();
    void mm1Distribution();
    void mmcDistribution();
    void mmckWaitTail();
    void mmckSpecialCases();
    void erlangLargeC();
    void unstable_data();
    void unstable();
    void badInput_data();
    void badInput();
};

void TestAnalyticQueue::means_data()
{
    QTest::addColumn<QueueParameters>("p");
    QTest::addColumn<double>("rho");
    QTest::addColumn<double>("L");
    QTest::addColumn<double>("Lq");
    QTest::addColumn<double>("W");
    QTest::addColumn<double>("Wq");
    QTest::addColumn<double>("P0");
    QTest::addColumn<double>("Pwait");
    QTest::addColumn<double>("Pblock");
    QTest::addColumn<double>("lambdaEff");
    const double nan = std::numeric_limits<double>::quiet_NaN();

    // M/M/1 λ=1 μ=2: ρ = 1/2, L = ρ/(1−ρ) = 1, Lq = 1/2, W = 1/(μ−λ) = 1, Wq = 1/2.
    QTest::newRow("mm1") << params(QueueModel::MM1, 1, 2) << 0.5 << 1.0 << 0.5 << 1.0 << 0.5
                         << 0.5 << 0.5 << 0.0 << 1.0;
    // M/M/3 λ=2 μ=1: a = 2, P0 = 1/(1 + 2 + 2 + (8/6)/(1/3)) = 1/9, C = (8/9)/(6/3) = 4/9,
    // Lq = Cρ/(1−ρ) = 8/9, Wq = C/(cμ−λ) = 4/9, L = 8/9 + 2, W = 4/9 + 1.
    QTest::newRow("mmc") << params(QueueModel::MMc, 2, 1, 3) << 2.0 / 3 << 26.0 / 9
                         << 8.0 / 9 << 13.0 / 9 << 4.0 / 9 << 1.0 / 9 << 4.0 / 9 << 0.0 << 2.0;
    // M/M/1/2 λ=1 μ=2: p = (4, 2, 1)/7; L = 4/7, Lq = 1/7, λeff = 6/7, W = 2/3, Wq = 1/6,
    // an admitted arrival waits when it finds 1: (2/7)/(6/7) = 1/3.
    QTest::newRow("mm1k") << params(QueueModel::MMcK, 1, 2, 1, 2) << 0.5 << 4.0 / 7
                          << 1.0 / 7 << 2.0 / 3 << 1.0 / 6 << 4.0 / 7 << 1.0 / 3 << 1.0 / 7
                          << 6.0 / 7;
    // M/M/2/4 λ=2 μ=1 (ρ = 1): terms 1, 2, 2, 2, 2 over 9. L = 20/9, Lq = 6/9,
    // λeff = 2·7/9, W = 10/7, Wq = 3/7, P(wait | admitted) = (4/9)/(7/9).
    QTest::newRow("mmck-rho1") << params(QueueModel::MMcK, 2, 1, 2, 4) << 1.0 << 20.0 / 9
                               << 2.0 / 3 << 10.0 / 7 << 3.0 / 7 << 1.0 / 9 << 4.0 / 7
                               << 2.0 / 9 << 14.0 / 9;
    // M/M/2/3 λ=4 μ=1 (ρ = 2 > 1, still stable): terms 1, 4, 8, 16 over 29.
    // L = (4 + 16 + 48)/29, Lq = 16/29, λeff = 4·13/29.
    QTest::newRow("mmck-overload")
        << params(QueueModel::MMcK, 4, 1, 2, 3) << 2.0 << 68.0 / 29 << 16.0 / 29
        << (68.0 / 29) / (52.0 / 29) << (16.0 / 29) / (52.0 / 29) << 1.0 / 29 << 8.0 / 13
        << 16.0 / 29 << 52.0 / 29;
    // M/G/1 λ=1 μ=2 cs²=3: Lq = ρ²(1+cs²)/(2(1−ρ)) = (1/4)·4/1 = 1, Wq = 1, W = 3/2.
    QTest::newRow("mg1") << params(QueueModel::MG1, 1, 2, 1, 0, 1, 3) << 0.5 << 1.5 << 1.0
                         << 1.5 << 1.0 << 0.5 << 0.5 << 0.0 << 1.0;
    // M/G/1 with cs² = 1 is M/M/1.
    QTest::newRow("mg1-exp") << params(QueueModel::MG1, 1, 2) << 0.5 << 1.0 << 0.5 << 1.0
                             << 0.5 << 0.5 << 0.5 << 0.0 << 1.0;
    // M/D/1 halves the M/M/1 Lq: 1/4, Wq = 1/4, W = 3/4, L = 3/4.
    QTest::newRow("md1") << params(QueueModel::MD1, 1, 2, 1, 0, 1, 0) << 0.5 << 0.75 << 0.25
                         << 0.75 << 0.25 << 0.5 << 0.5 << 0.0 << 1.0;
    // Kingman λ=1 μ=2 ca²=1/2 cs²=3/2: Wq = (ρ/(1−ρ))·1·E[S] = 1/2; Pwait unknown.
    QTest::newRow("gg1") << params(QueueModel::GG1, 1, 2, 1, 0, 0.5, 1.5) << 0.5 << 1.0
                         << 0.5 << 1.0 << 0.5 << 0.5 << nan << 0.0 << 1.0;
    // Allen–Cunneen λ=2 μ=1 c=3 ca²=cs²=1/2: Wq = (4/9)·(1/2) = 2/9, W = 11/9, L = 22/9.
    QTest::newRow("ggc") << params(QueueModel::GGc, 2, 1, 3, 0, 0.5, 0.5) << 2.0 / 3
                         << 22.0 / 9 << 4.0 / 9 << 11.0 / 9 << 2.0 / 9 << nan << 4.0 / 9
                         << 0.0 << 2.0;
}

void TestAnalyticQueue::means()
{
    QFETCH(QueueParameters, p);
    const AnalyticQueue q(p);
    QVERIFY2(q.isValid(), qPrintable(q.error()));
    const QueueMetrics &m = q.metrics();
    QVERIFY(m.stable);
    const auto check = [](double actual, double expected) {
        return std::isnan(expected) ? std::isnan(actual) : near(actual, expected);
    };
    QFETCH(double, rho);
    QFETCH(double, L);
    QFETCH(double, Lq);
    QFETCH(double, W);
    QFETCH(double, Wq);
    QFETCH(double, P0);
    QFETCH(double, Pwait);
    QFETCH(double, Pblock);
    QFETCH(double, lambdaEff);
    QVERIFY(check(m.rho, rho));
    QVERIFY(check(m.L, L));
    QVERIFY(check(m.Lq, Lq));
    QVERIFY(check(m.W, W));
    QVERIFY(check(m.Wq, Wq));
    QVERIFY(check(m.P0, P0));
    QVERIFY(check(m.Pwait, Pwait));
    QVERIFY(check(m.Pblock, Pblock));
    QVERIFY(check(m.lambdaEff, lambdaEff));
    // Little's law holds inside every model.
    NEAR(m.L, m.lambdaEff * m.W);
    NEAR(m.Lq, m.lambdaEff * m.Wq);
}

void TestAnalyticQueue::mm1Distribution()
{
    const AnalyticQueue q(params(QueueModel::MM1, 1, 2));
    QVERIFY(q.hasWaitDistribution());
    // P(Wq > t) = ρ e^{−(μ−λ)t}, P(W > t) = e^{−(μ−λ)t}.
    NEAR(q.waitTail(0.0), 0.5);
    NEAR(q.waitTail(2.0), 0.5 * std::exp(-2.0));
    NEAR(q.sojournTail(3.0), std::exp(-3.0));
    NEAR(q.waitDensity(1.0), 0.5 * std::exp(-1.0));
    // The p-th percentile of W is −ln(1−p)/(μ−λ).
    NEAR(q.sojournPercentile(0.9), std::log(10.0));
    // Half the customers do not wait at all: the median wait is 0; the 90th is ln(5).
    QCOMPARE(q.waitPercentile(0.5), 0.0);
    NEAR(q.waitPercentile(0.9), std::log(5.0));
}

void TestAnalyticQueue::mmcDistribution()
{
    // M/M/3 λ=2 μ=1: C = 4/9, θ = cμ − λ = 1 = μ (the equal-rates branch of W's tail).
    const AnalyticQueue q(params(QueueModel::MMc, 2, 1, 3));
    NEAR(q.waitTail(0.0), 4.0 / 9);
    NEAR(q.waitTail(1.5), 4.0 / 9 * std::exp(-1.5));
    NEAR(q.waitPercentile(0.9), std::log(40.0 / 9));
    QCOMPARE(q.waitPercentile(0.5), 0.0);
    // W = S with prob 5/9, else Exp(1) + Exp(1) (Erlang-2): (5/9)e^{−t} + (4/9)e^{−t}(1+t).
    NEAR(q.sojournTail(2.0), 5.0 / 9 * std::exp(-2.0) + 4.0 / 9 * std::exp(-2.0) * 3.0);
    const double p95 = q.sojournPercentile(0.95);
    QVERIFY(near(q.sojournTail(p95), 0.05, 1e-9));
    // M/M/4 λ=2 μ=1: θ = 2 ≠ μ; check P(W > t) against the two-exponential mixture.
    const AnalyticQueue q4(params(QueueModel::MMc, 2, 1, 4));
    const double c = q4.metrics().Pwait;
    const double t = 0.7;
    const double mixture = (1 - c) * std::exp(-t) + c * (2 * std::exp(-t) - std::exp(-2 * t));
    NEAR(q4.sojournTail(t), mixture);
}

void TestAnalyticQueue::mmckWaitTail()
{
    // M/M/1/2 λ=1 μ=2: an admitted arrival waits (an Exp(2) time) with probability 1/3.
    const AnalyticQueue q(params(QueueModel::MMcK, 1, 2, 1, 2));
    NEAR(q.waitTail(0.0), 1.0 / 3);
    NEAR(q.waitTail(0.8), 1.0 / 3 * std::exp(-1.6));
    NEAR(q.waitDensity(0.8), 2.0 / 3 * std::exp(-1.6));
    // M/M/1/3 λ=1 μ=1: p = 1/4 each; admitted finds 1 or 2 with prob 1/3 each:
    // P(Wq > t) = (1/3)e^{−t} + (1/3)e^{−t}(1 + t).
    const AnalyticQueue q3(params(QueueModel::MMcK, 1, 1, 1, 3));
    NEAR(q3.waitTail(1.0), (1.0 / 3) * std::exp(-1.0) * 3.0);
    const double p90 = q3.waitPercentile(0.9);
    QVERIFY(near(q3.waitTail(p90), 0.1, 1e-9));
}

void TestAnalyticQueue::mmckSpecialCases()
{
    // With ρ = 1, M/M/1/K has p_n = 1/(K + 1).
    const AnalyticQueue flat(params(QueueModel::MMcK, 3, 3, 1, 9));
    NEAR(flat.metrics().P0, 0.1);
    NEAR(flat.metrics().Pblock, 0.1);
    // M/M/c/c blocking is Erlang B: a = 2, c = 3 → (8/6)/(1 + 2 + 2 + 8/6) = 4/19.
    const AnalyticQueue loss(params(QueueModel::MMcK, 2, 1, 3, 3));
    NEAR(loss.metrics().Pblock, 4.0 / 19);
    NEAR(Erlang::lossProbability(2, 3), 4.0 / 19);
    QCOMPARE(loss.metrics().Lq, 0.0);
    // A huge K with ρ > 1 must not overflow; blocking tends to 1 − 1/ρ.
    const AnalyticQueue big(params(QueueModel::MMcK, 2, 1, 1, 100000));
    QVERIFY(near(big.metrics().Pblock, 0.5, 1e-9));
    QVERIFY(std::isfinite(big.metrics().L));
}

void TestAnalyticQueue::erlangLargeC()
{
    // a = 180, c = 200, computed with Python's fractions (exact) then rounded.
    NEAR(Erlang::delayProbability(180, 200), 0.09447121817759081);
    NEAR(Erlang::lossProbability(180, 200), 0.010324995204982297);
    QVERIFY(near(Erlang::emptyProbability(180, 200), 6.571842321876841e-79, 1e-10));
    // c = 1000 neither overflows nor loses the result.
    for (double a : {1e-3, 500.0, 950.0, 999.0}) {
        const double c = Erlang::delayProbability(a, 1000);
        QVERIFY2(c >= 0.0 && c <= 1.0, qPrintable(QString::number(a)));
        QVERIFY(std::isfinite(Erlang::emptyProbability(a, 1000)));
    }
    QVERIFY(Erlang::delayProbability(999.0, 1000) > Erlang::delayProbability(950.0, 1000));
    QVERIFY(std::isnan(Erlang::delayProbability(1000.0, 1000)));
    const AnalyticQueue q(params(QueueModel::MMc, 950, 1, 1000));
    QVERIFY(q.metrics().stable);
    NEAR(q.metrics().L, q.metrics().Lq + 950.0);
}

void TestAnalyticQueue::unstable_data()
{
    QTest::addColumn<QueueParameters>("p");
    QTest::newRow("mm1-rho1") << params(QueueModel::MM1, 2, 2);
    QTest::newRow("mm1-rho>1") << params(QueueModel::MM1, 3, 2);
    QTest::newRow("mmc") << params(QueueModel::MMc, 3, 1, 3);
    QTest::newRow("mg1") << params(QueueModel::MG1, 5, 2, 1, 0, 1, 2);
    QTest::newRow("md1") << params(QueueModel::MD1, 2, 2, 1, 0, 1, 0);
    QTest::newRow("gg1") << params(QueueModel::GG1, 2, 1, 1, 0, 2, 2);
    QTest::newRow("ggc") << params(QueueModel::GGc, 20, 1, 19, 0, 2, 2);
}

void TestAnalyticQueue::unstable()
{
    QFETCH(QueueParameters, p);
    const AnalyticQueue q(p);
    QVERIFY(q.isValid());
    const QueueMetrics &m = q.metrics();
    QVERIFY(!m.stable);
    QVERIFY(m.rho >= 1.0);
    for (double v : {m.L, m.Lq, m.W, m.Wq, m.P0, m.Pwait, m.lambdaEff})
        QVERIFY(std::isnan(v));
    QVERIFY(!q.hasWaitDistribution());
    QVERIFY(std::isnan(q.waitTail(1.0)));
    QVERIFY(std::isnan(q.waitPercentile(0.9)));
}

void TestAnalyticQueue::badInput_data()
{
    QTest::addColumn<QueueParameters>("p");
    QTest::addColumn<QString>("message");
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("negative λ") << params(QueueModel::MM1, -1, 2) << u"lambda"_qs;
    QTest::newRow("zero μ") << params(QueueModel::MM1, 1, 0) << u"mu"_qs;
    QTest::newRow("NaN λ") << params(QueueModel::MM1, nan, 2) << u"lambda is not a number"_qs;
    QTest::newRow("inf μ") << params(QueueModel::MMc, 1, inf, 2) << u"finite"_qs;
    QTest::newRow("c = 0") << params(QueueModel::MMc, 1, 2, 0) << u"servers"_qs;
    QTest::newRow("huge c") << params(QueueModel::MMc, 1, 2, 1000000) << u"servers"_qs;
    QTest::newRow("K < c") << params(QueueModel::MMcK, 1, 2, 3, 2) << u"capacity"_qs;
    QTest::newRow("mm1 c=2") << params(QueueModel::MM1, 1, 2, 2) << u"one server"_qs;
    QTest::newRow("mm1 cs2") << params(QueueModel::MM1, 1, 2, 1, 0, 1, 2) << u"cs2"_qs;
    QTest::newRow("mg1 ca2") << params(QueueModel::MG1, 1, 2, 1, 0, 2, 2) << u"ca2"_qs;
    QTest::newRow("negative cs2") << params(QueueModel::GG1, 1, 2, 1, 0, 1, -1) << u"cs2"_qs;
    QTest::newRow("K on mmc") << params(QueueModel::MMc, 1, 2, 2, 5) << u"mmck"_qs;
}

void TestAnalyticQueue::badInput()
{
    QFETCH(QueueParameters, p);
    QFETCH(QString, message);
    const AnalyticQueue q(p);
    QVERIFY(!q.isValid());
    QVERIFY2(q.error().contains(message), qPrintable(q.error()));
    QVERIFY(!q.metrics().stable);
}

QTEST_GUILESS_MAIN(TestAnalyticQueue)
#include "tst_analyticqueue.moc"
