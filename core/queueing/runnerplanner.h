#pragma once

#include <optional>
#include <vector>

namespace pw::core {

// What-if answers about the number of runners c for arrival rate λ and service rate μ. With
// ca² = cs² = 1 these are exact M/M/c results; otherwise the wait is scaled by
// (ca² + cs²)/2 (Allen–Cunneen), to be confirmed by simulation.
class RunnerPlanner
{
public:
    RunnerPlanner(double lambda, double mu, double ca2 = 1.0, double cs2 = 1.0);

    // Mean wait with c runners; NaN when c ≤ λ/μ (unstable).
    double meanWait(int servers) const;
    // P(Wq > t) with c runners: C·e^{−(cμ−λ)t/v}, v = (ca² + cs²)/2.
    double waitTail(int servers, double t) const;
    // Smallest c with mean wait ≤ target, searched up to maxServers.
    std::optional<int> serversForMeanWait(double target, int maxServers = 1000) const;
    // Smallest c with P(Wq > t) ≤ alpha.
    std::optional<int> serversForWaitTail(double t, double alpha, int maxServers = 1000) const;
    // Square-root staffing first guess: ⌈a + β√a⌉.
    int squareRootStaffing(double beta = 1.5) const;
    // Smallest stable c: ⌊a⌋ + 1.
    int minimumServers() const;

private:
    double m_lambda;
    double m_mu;
    double m_variability;
};

} // namespace pw::core
