#include "servicecalibration.h"

#include <cmath>

namespace pw::core {

ServiceCalibration ServiceCalibration::fromDurations(const std::vector<double> &durations)
{
    ServiceCalibration c;
    std::vector<double> usable;
    usable.reserve(durations.size());
    for (double d : durations) {
        if (std::isfinite(d) && d > 0.0)
            usable.push_back(d);
    }
    if (usable.size() < 2) {
        c.message = QStringLiteral("need at least 2 positive durations, have %1")
                        .arg(usable.size());
        return c;
    }
    const double n = double(usable.size());
    double sum = 0.0;
    for (double d : usable)
        sum += d;
    c.count = qsizetype(usable.size());
    c.mean = sum / n;
    c.mu = 1.0 / c.mean;
    double ss = 0.0;
    for (double d : usable)
        ss += (d - c.mean) * (d - c.mean);
    c.cs2 = ss / (n - 1.0) / (c.mean * c.mean);
    c.valid = true;
    c.message = QStringLiteral("%1 durations, mean %2, cs² %3")
                    .arg(c.count)
                    .arg(c.mean, 0, 'g', 4)
                    .arg(c.cs2, 0, 'f', 3);
    return c;
}

} // namespace pw::core
