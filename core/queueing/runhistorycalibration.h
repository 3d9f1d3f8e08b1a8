#pragma once

#include "core/queueing/arrivalcalibration.h"
#include "core/queueing/servicecalibration.h"
#include "core/store/runrecords.h"

#include <QList>

namespace pw::core {

// Adapter from the run store's history to the queueing inputs, per hour: arrivals are the
// runs' queued times (one trigger = one arrival, however many commits it carried), services
// their started → finished times.
struct RunHistoryCalibration
{
    ArrivalCalibration arrivals;
    ServiceCalibration services;

    static RunHistoryCalibration fromRuns(const QList<RunRecord> &runs);
};

} // namespace pw::core
