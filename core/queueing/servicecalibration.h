#pragma once

#include <QString>

#include <vector>

namespace pw::core {

// μ and the service variability from measured durations (runner occupancy: started →
// finished, failures included since they hold a runner too). The durations themselves can be
// replayed with Distribution::empirical.
struct ServiceCalibration
{
    bool valid = false;
    QString message;
    qsizetype count = 0;
    double mean = 0.0;
    double mu = 0.0;
    double cs2 = 0.0; // sample variance / mean²

    static ServiceCalibration fromDurations(const std::vector<double> &durations);
};

} // namespace pw::core
