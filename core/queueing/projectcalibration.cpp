#include "projectcalibration.h"

#include "runhistorycalibration.h"

#include "core/git/githistory.h"

namespace pw::core {

ProjectCalibration ProjectCalibration::measure(const QString &repoPath,
                                               const QList<RunRecord> &runs,
                                               const QString &branch)
{
    const RunHistoryCalibration fromRuns = RunHistoryCalibration::fromRuns(runs);
    ProjectCalibration result{fromRuns.arrivals, QStringLiteral("run history"),
                              fromRuns.services};
    if (repoPath.isEmpty())
        return result;
    QString error;
    const QList<QDateTime> commits = GitHistory::arrivals(
        repoPath, branch.isEmpty() ? QStringLiteral("HEAD") : branch, QDateTime(), &error);
    std::vector<double> hours;
    hours.reserve(size_t(commits.size()));
    for (const QDateTime &t : commits)
        hours.push_back(double(t.toMSecsSinceEpoch()) / (3600.0 * 1000.0));
    ArrivalCalibration fromGit = ArrivalCalibration::fromTimestamps(std::move(hours));
    // The repository's history is the better measure of how often the team ships, when it
    // has enough of it; runs started by hand say more about the developer than the team.
    if (fromGit.valid) {
        result.arrivals = fromGit;
        result.arrivalSource = branch.isEmpty() ? QStringLiteral("git history")
                                                : QStringLiteral("git history of %1").arg(branch);
    }
    return result;
}

} // namespace pw::core
