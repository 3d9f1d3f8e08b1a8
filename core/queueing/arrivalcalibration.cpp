#include "arrivalcalibration.h"

#include <algorithm>
#include <cmath>

namespace pw::core {

ArrivalCalibration ArrivalCalibration::fromTimestamps(std::vector<double> times)
{
    ArrivalCalibration c;
    times.erase(std::remove_if(times.begin(), times.end(),
                               [](double t) { return !std::isfinite(t); }),
                times.end());
    std::sort(times.begin(), times.end());
    if (times.size() < 3) {
        c.message = QStringLiteral("need at least 3 arrivals, have %1").arg(times.size());
        return c;
    }
    std::vector<double> gaps(times.size() - 1);
    for (size_t i = 1; i < times.size(); ++i)
        gaps[i - 1] = times[i] - times[i - 1];
    const double n = double(gaps.size());
    const double span = times.back() - times.front();
    if (!(span > 0.0)) {
        c.message = QStringLiteral("all arrivals happened at the same time");
        return c;
    }
    c.gaps = qsizetype(gaps.size());
    c.meanGap = span / n;
    c.lambda = 1.0 / c.meanGap;
    double ss = 0.0;
    for (double g : gaps)
        ss += (g - c.meanGap) * (g - c.meanGap);
    c.ca2 = ss / (n - 1.0) / (c.meanGap * c.meanGap);

    std::sort(gaps.begin(), gaps.end());
    double d = 0.0;
    for (size_t i = 0; i < gaps.size(); ++i) {
        const double f = 1.0 - std::exp(-gaps[i] / c.meanGap);
        d = std::max({d, double(i + 1) / n - f, f - double(i) / n});
    }
    const double root = std::sqrt(n);
    c.ksStatistic = (d - 0.2 / n) * (root + 0.26 + 0.5 / root);
    c.poissonPlausible = c.ksStatistic <= ksCritical5;
    c.valid = true;
    c.message = c.poissonPlausible
                    ? QStringLiteral("consistent with Poisson arrivals (KS D* = %1)")
                          .arg(c.ksStatistic, 0, 'f', 3)
                    : QStringLiteral("not Poisson at the 5% level (KS D* = %1 > %2); "
                                     "use ca² = %3 with gg1/ggc")
                          .arg(c.ksStatistic, 0, 'f', 3)
                          .arg(ksCritical5)
                          .arg(c.ca2, 0, 'f', 3);
    return c;
}

} // namespace pw::core
