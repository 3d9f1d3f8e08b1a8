#include "runhistorycalibration.h"

namespace pw::core {

RunHistoryCalibration RunHistoryCalibration::fromRuns(const QList<RunRecord> &runs)
{
    constexpr double msPerHour = 3600.0 * 1000.0;
    std::vector<double> queued, durations;
    for (const RunRecord &run : runs) {
        if (run.queuedAt > 0)
            queued.push_back(double(run.queuedAt) / msPerHour);
        if (run.startedAt > 0 && run.finishedAt >= run.startedAt)
            durations.push_back(double(run.finishedAt - run.startedAt) / msPerHour);
    }
    return {ArrivalCalibration::fromTimestamps(std::move(queued)),
            ServiceCalibration::fromDurations(durations)};
}

} // namespace pw::core
