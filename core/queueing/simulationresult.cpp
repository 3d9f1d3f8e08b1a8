#include "simulationresult.h"

#include <algorithm>
#include <cmath>

namespace pw::core {

double SimulationResult::waitPercentile(double p) const
{
    if (waitSamples.empty() || !(p >= 0.0 && p <= 1.0))
        return std::numeric_limits<double>::quiet_NaN();
    std::vector<double> sorted = waitSamples;
    const size_t index = std::min(sorted.size() - 1, size_t(p * double(sorted.size())));
    std::nth_element(sorted.begin(), sorted.begin() + qsizetype(index), sorted.end());
    return sorted[index];
}

} // namespace pw::core
