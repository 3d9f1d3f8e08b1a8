#include "erlang.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pw::core {

double Erlang::lossProbability(double offeredLoad, int servers)
{
    double b = 1.0;
    for (int k = 1; k <= servers; ++k)
        b = offeredLoad * b / (k + offeredLoad * b);
    return b;
}

double Erlang::delayProbability(double offeredLoad, int servers)
{
    const double rho = offeredLoad / servers;
    if (!(rho < 1.0))
        return std::numeric_limits<double>::quiet_NaN();
    const double b = lossProbability(offeredLoad, servers);
    return b / (1.0 - rho * (1.0 - b));
}

double Erlang::emptyProbability(double offeredLoad, int servers)
{
    const double rho = offeredLoad / servers;
    if (!(rho < 1.0))
        return std::numeric_limits<double>::quiet_NaN();
    // 1/P0 = Σ_{k<c} a^k/k! + a^c/(c!(1−ρ)). The terms overflow a double near a ≈ 700 and
    // underflow for tiny a and large c, so they are summed in log space (log-sum-exp).
    const double logA = std::log(offeredLoad);
    auto logTerm = [&](int k) { return k * logA - std::lgamma(k + 1.0); };
    const double logLast = logTerm(servers) - std::log1p(-rho);
    double logMax = logLast;
    for (int k = 0; k < servers; ++k)
        logMax = std::max(logMax, logTerm(k));
    double sum = std::exp(logLast - logMax);
    for (int k = 0; k < servers; ++k)
        sum += std::exp(logTerm(k) - logMax);
    return std::exp(-logMax - std::log(sum));
}

} // namespace pw::core
