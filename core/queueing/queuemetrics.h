#pragma once

#include <limits>

namespace pw::core {

// Steady-state figures of a queue, from a formula (AnalyticQueue). A figure the model
// cannot give is NaN; an unstable queue has stable == false and every figure but rho NaN,
// so nobody can mistake "grows without bound" for a number.
struct QueueMetrics
{
    static constexpr double unknown = std::numeric_limits<double>::quiet_NaN();

    bool stable = false;
    bool exact = true;       // false for two-moment approximations (Kingman, Allen-Cunneen)
    double rho = unknown;    // offered load per server, λ/(cμ)
    double utilisation = unknown; // carried load per server, λ_eff/(cμ)
    double L = unknown;      // mean number in the system
    double Lq = unknown;     // mean number waiting
    double W = unknown;      // mean time in the system
    double Wq = unknown;     // mean wait before service starts
    double P0 = unknown;     // probability the system is empty
    double Pwait = unknown;  // probability an admitted arrival has to wait
    double Pblock = unknown; // probability an arrival is turned away (finite K)
    double lambdaEff = unknown; // rate of admitted arrivals
};

} // namespace pw::core
