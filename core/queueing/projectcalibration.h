#pragma once

#include "arrivalcalibration.h"
#include "servicecalibration.h"

#include "core/store/runrecords.h"

#include <QList>
#include <QString>

namespace pw::core {

// What the simulator's "use this project's measured values" fills in, per hour: λ and ca²
// from the git history of the project's branch (one first-parent commit = one arrival),
// falling back to run history when there is no repository or too little history; μ and cs²
// from the run store's durations. Blocking (reads the repository): call off the GUI thread.
struct ProjectCalibration
{
    ArrivalCalibration arrivals;
    QString arrivalSource; // "git history of BRANCH" or "run history"
    ServiceCalibration services;

    static ProjectCalibration measure(const QString &repoPath, const QList<RunRecord> &runs,
                                      const QString &branch = QString());
};

} // namespace pw::core
