#pragma once

#include "core/queueing/queuemetrics.h"
#include "core/queueing/queueparameters.h"

#include <QString>

#include <vector>

namespace pw::core {

// Closed-form results for one queueing model: the means (Little's law, Erlang C,
// Pollaczek–Khinchine, Kingman, Allen–Cunneen) and, where a closed form exists (M/M/1,
// M/M/c, M/M/c/K), the distribution of the wait. Cheap enough to build on every slider move.
// Invalid parameters give invalid() with error(); unstable ones give metrics().stable false.
class AnalyticQueue
{
public:
    explicit AnalyticQueue(const QueueParameters &parameters);

    const QueueParameters &parameters() const { return m_parameters; }
    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    const QueueMetrics &metrics() const { return m_metrics; }

    // True when the wait's distribution is known exactly (M/M/1, M/M/c, M/M/c/K).
    bool hasWaitDistribution() const;
    // P(Wq > t) for an admitted customer; NaN where no closed form exists or unstable.
    double waitTail(double t) const;
    // Density of the wait for t > 0 (the part of Wq that is not the atom at 0).
    double waitDensity(double t) const;
    // The p-quantile of Wq (0 when a fraction ≥ p of customers does not wait); NaN if unknown.
    double waitPercentile(double p) const;
    // P(W > t), time in system, for M/M/1 and M/M/c; NaN otherwise.
    double sojournTail(double t) const;
    double sojournPercentile(double p) const;

private:
    void computeInfinite();
    void computeFinite();
    double finiteWaitSum(double t, bool density) const;

    QueueParameters m_parameters;
    QString m_error;
    QueueMetrics m_metrics;
    double m_erlangC = QueueMetrics::unknown;
    // M/M/c/K: probability that an admitted arrival finds n = c … K−1 customers.
    std::vector<double> m_admittedFinds;
};

} // namespace pw::core
