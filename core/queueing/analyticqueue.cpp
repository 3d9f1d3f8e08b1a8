#include "analyticqueue.h"

#include "core/queueing/erlang.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace pw::core {

namespace {

constexpr double nan = QueueMetrics::unknown;

// Smallest t with tail(t) ≤ target, for a non-increasing tail (bisection; 200 steps reach
// the resolution of a double from any bracket).
double invertTail(const std::function<double(double)> &tail, double target, double scale)
{
    if (tail(0.0) <= target)
        return 0.0;
    double hi = scale;
    for (int i = 0; i < 2000 && tail(hi) > target; ++i)
        hi *= 2.0;
    double lo = 0.0;
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (tail(mid) > target ? lo : hi) = mid;
    }
    return hi;
}

bool validProbability(double p)
{
    return p >= 0.0 && p < 1.0;
}

} // namespace

AnalyticQueue::AnalyticQueue(const QueueParameters &parameters)
    : m_error(parameters.validate())
{
    if (!m_error.isEmpty())
        return;
    m_parameters = parameters.normalised();
    m_metrics.exact = isExact(m_parameters.model);
    m_metrics.rho = m_parameters.utilisation();
    if (m_parameters.model == QueueModel::MMcK)
        computeFinite();
    else
        computeInfinite();
}

void AnalyticQueue::computeInfinite()
{
    const QueueParameters &p = m_parameters;
    const double rho = m_metrics.rho;
    if (!(rho < 1.0))
        return; // unstable: every figure stays NaN
    const double a = p.offeredLoad();
    const double serviceMean = 1.0 / p.mu;
    m_metrics.stable = true;
    m_metrics.utilisation = rho;
    m_metrics.Pblock = 0.0;
    m_metrics.lambdaEff = p.lambda;

    double wq = nan;
    switch (p.model) {
    case QueueModel::MM1:
    case QueueModel::MMc:
        m_erlangC = Erlang::delayProbability(a, p.servers);
        wq = m_erlangC / (p.servers * p.mu - p.lambda);
        m_metrics.P0 = Erlang::emptyProbability(a, p.servers);
        m_metrics.Pwait = m_erlangC;
        break;
    case QueueModel::MG1:
    case QueueModel::MD1:
        // Pollaczek–Khinchine: Lq = ρ²(1 + cs²)/(2(1 − ρ)); Poisson arrivals see time
        // averages, so an arrival waits with probability ρ.
        wq = rho * (1.0 + p.cs2) / (2.0 * (1.0 - rho)) * serviceMean;
        m_metrics.P0 = 1.0 - rho;
        m_metrics.Pwait = rho;
        break;
    case QueueModel::GG1:
        // Kingman: Wq ≈ ρ/(1 − ρ) · (ca² + cs²)/2 · E[S]. P0 = 1 − ρ holds for any G/G/1,
        // but what an arrival sees depends on more than two moments.
        wq = rho / (1.0 - rho) * (p.ca2 + p.cs2) / 2.0 * serviceMean;
        m_metrics.P0 = 1.0 - rho;
        break;
    case QueueModel::GGc:
        // Allen–Cunneen: the M/M/c wait scaled by (ca² + cs²)/2; Erlang C as P(wait).
        m_erlangC = Erlang::delayProbability(a, p.servers);
        wq = m_erlangC / (p.servers * p.mu - p.lambda) * (p.ca2 + p.cs2) / 2.0;
        m_metrics.Pwait = m_erlangC;
        break;
    case QueueModel::MMcK:
        break;
    }
    m_metrics.Wq = wq;
    m_metrics.W = wq + serviceMean;
    m_metrics.Lq = p.lambda * wq;
    m_metrics.L = p.lambda * m_metrics.W;
}

void AnalyticQueue::computeFinite()
{
    const QueueParameters &p = m_parameters;
    const int c = p.servers;
    const int k = p.capacity;
    const double a = p.offeredLoad();
    // p_n ∝ a^n/n! for n ≤ c and a^c/c! · ρ^{n−c} above; in logs so that neither a large c
    // nor a large K with ρ > 1 overflows, then normalised by the largest term.
    std::vector<double> logTerms(size_t(k) + 1);
    const double logA = std::log(a);
    const double logRho = std::log(m_metrics.rho);
    for (int n = 0; n <= k; ++n) {
        logTerms[size_t(n)] = n <= c ? n * logA - std::lgamma(n + 1.0)
                                     : logTerms[size_t(c)] + (n - c) * logRho;
    }
    const double logMax = *std::max_element(logTerms.begin(), logTerms.end());
    double sum = 0.0;
    for (double &t : logTerms) {
        t = std::exp(t - logMax);
        sum += t;
    }
    double l = 0.0, lq = 0.0, waiting = 0.0;
    for (int n = 0; n <= k; ++n) {
        const double pn = logTerms[size_t(n)] / sum;
        logTerms[size_t(n)] = pn;
        l += n * pn;
        if (n > c)
            lq += (n - c) * pn;
    }
    const double pk = logTerms[size_t(k)];
    const double admitted = 1.0 - pk;
    m_admittedFinds.assign(logTerms.begin() + c, logTerms.begin() + k);
    for (double &q : m_admittedFinds) {
        q /= admitted;
        waiting += q;
    }
    m_metrics.stable = true; // a finite waiting room never grows without bound
    m_metrics.P0 = logTerms[0];
    m_metrics.Pblock = pk;
    m_metrics.lambdaEff = p.lambda * admitted;
    m_metrics.utilisation = m_metrics.lambdaEff / (c * p.mu);
    m_metrics.L = l;
    m_metrics.Lq = lq;
    m_metrics.W = l / m_metrics.lambdaEff;
    m_metrics.Wq = lq / m_metrics.lambdaEff;
    m_metrics.Pwait = waiting;
}

bool AnalyticQueue::hasWaitDistribution() const
{
    if (!isValid() || !m_metrics.stable)
        return false;
    const QueueModel m = m_parameters.model;
    return m == QueueModel::MM1 || m == QueueModel::MMc || m == QueueModel::MMcK;
}

// An admitted arrival finding n ≥ c customers waits for n − c + 1 departures at rate cμ:
// an Erlang(n − c + 1, cμ) time. Summed over n with the Poisson CDF, in logs.
double AnalyticQueue::finiteWaitSum(double t, bool density) const
{
    const double x = m_parameters.servers * m_parameters.mu * t;
    const double logX = std::log(x);
    double result = 0.0, cdf = 0.0;
    for (size_t j = 0; j < m_admittedFinds.size(); ++j) {
        const double poisson = std::exp(-x + double(j) * logX - std::lgamma(double(j) + 1.0));
        cdf += poisson;
        // Tail of Erlang(j+1): P(Poisson(x) ≤ j); density: rate · Poisson(x; j).
        result += m_admittedFinds[j] * (density ? poisson : std::min(cdf, 1.0));
    }
    return density ? result * m_parameters.servers * m_parameters.mu : result;
}

double AnalyticQueue::waitTail(double t) const
{
    if (!hasWaitDistribution() || !(t >= 0.0))
        return nan;
    const QueueParameters &p = m_parameters;
    if (p.model == QueueModel::MMcK)
        return t == 0.0 ? m_metrics.Pwait : finiteWaitSum(t, false);
    return m_erlangC * std::exp(-(p.servers * p.mu - p.lambda) * t);
}

double AnalyticQueue::waitDensity(double t) const
{
    if (!hasWaitDistribution() || !(t > 0.0))
        return nan;
    const QueueParameters &p = m_parameters;
    if (p.model == QueueModel::MMcK)
        return finiteWaitSum(t, true);
    const double theta = p.servers * p.mu - p.lambda;
    return m_erlangC * theta * std::exp(-theta * t);
}

double AnalyticQueue::waitPercentile(double p) const
{
    if (!hasWaitDistribution() || !validProbability(p))
        return nan;
    const QueueParameters &q = m_parameters;
    if (q.model == QueueModel::MMcK)
        return invertTail([this](double t) { return waitTail(t); }, 1.0 - p, 1.0 / q.mu);
    // C·e^{−θt} = 1 − p  ⇒  t = ln(C/(1 − p))/θ, or no wait at all if C ≤ 1 − p.
    if (m_erlangC <= 1.0 - p)
        return 0.0;
    return std::log(m_erlangC / (1.0 - p)) / (q.servers * q.mu - q.lambda);
}

double AnalyticQueue::sojournTail(double t) const
{
    if (!hasWaitDistribution() || m_parameters.model == QueueModel::MMcK || !(t >= 0.0))
        return nan;
    // W = Wq + S: with probability 1 − C just S ~ Exp(μ), else Exp(θ) + Exp(μ).
    const double mu = m_parameters.mu;
    const double theta = m_parameters.servers * mu - m_parameters.lambda;
    const double c = m_erlangC;
    const double both = std::abs(theta - mu) < 1e-12 * mu
                            ? std::exp(-mu * t) * (1.0 + mu * t)
                            : (theta * std::exp(-mu * t) - mu * std::exp(-theta * t))
                                  / (theta - mu);
    return (1.0 - c) * std::exp(-mu * t) + c * both;
}

double AnalyticQueue::sojournPercentile(double p) const
{
    if (!hasWaitDistribution() || m_parameters.model == QueueModel::MMcK
        || !validProbability(p))
        return nan;
    const QueueParameters &q = m_parameters;
    if (q.model == QueueModel::MM1)
        return -std::log1p(-p) / (q.mu - q.lambda); // W ~ Exp(μ − λ)
    return invertTail([this](double t) { return sojournTail(t); }, 1.0 - p, 1.0 / q.mu);
}

} // namespace pw::core
