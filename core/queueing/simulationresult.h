#pragma once

#include <QMetaType>
#include <QString>

#include <cmath>
#include <limits>
#include <vector>

namespace pw::core {

// A simulated figure: the mean of the batch means and the half-width of its 95% confidence
// interval (Student t with batches − 1 degrees of freedom).
struct Estimate
{
    double mean = std::numeric_limits<double>::quiet_NaN();
    double halfWidth = std::numeric_limits<double>::quiet_NaN();
    bool covers(double value, double halfWidths = 1.0) const
    {
        return std::abs(value - mean) <= halfWidths * halfWidth;
    }
};

// What one simulation measured after warm-up deletion. Time averages (L, Lq, P0, rho) are
// integrals over time; W, Wq, Pwait are averages over admitted customers.
struct SimulationResult
{
    QString error;          // not empty: nothing was simulated
    bool cancelled = false; // stopped early; the figures cover what ran
    qint64 arrivals = 0;    // simulated, warm-up included
    qint64 events = 0;      // arrivals + departures processed
    double simulatedTime = 0.0;
    QString engine;         // "lindley", "heap" or "event"

    Estimate rho; // busy fraction per server
    Estimate L;
    Estimate Lq;
    Estimate W;
    Estimate Wq;
    Estimate P0;
    Estimate Pwait;
    Estimate Pblock;
    Estimate lambdaEff;

    // Number in the system over time, sampled at arrivals (for charts).
    std::vector<double> seriesTime;
    std::vector<double> seriesCount;
    // Waits of evenly spaced admitted customers after warm-up (for histograms).
    std::vector<double> waitSamples;

    double waitPercentile(double p) const; // from waitSamples; NaN when there are none
};

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::SimulationResult)
