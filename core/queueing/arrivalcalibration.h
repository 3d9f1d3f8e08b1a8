#pragma once

#include <QString>

#include <vector>

namespace pw::core {

// λ and the inter-arrival variability measured from arrival times (run triggers or commits),
// with a check of the Poisson assumption: a Kolmogorov–Smirnov test of the gaps against an
// exponential with the estimated mean, using Stephens' correction for that estimate.
// Times are in any one unit; rates come out per that unit.
struct ArrivalCalibration
{
    bool valid = false;
    QString message;    // why not valid, or what the check says
    qsizetype gaps = 0; // inter-arrival times used
    double lambda = 0.0;
    double meanGap = 0.0;
    double ca2 = 0.0;   // sample variance / mean² of the gaps
    double ksStatistic = 0.0; // Stephens' D* = (D − 0.2/n)(√n + 0.26 + 0.5/√n)
    bool poissonPlausible = false; // D* ≤ 1.094, the 5% point

    static constexpr double ksCritical5 = 1.094;
    static ArrivalCalibration fromTimestamps(std::vector<double> times);
};

} // namespace pw::core
