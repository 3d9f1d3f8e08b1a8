#include "githistory.h"

#include "gitlibrary.h"
#include "gitrepository.h"

#include <git2.h>

#include <algorithm>

namespace pw::core {

GitHistory::Result GitHistory::read(const QString &repoPath, const QString &branch,
                                    const QDateTime &since)
{
    Result result;
    GitRepository repo;
    if (!repo.open(repoPath, GitRepository::OpenMode::AllowBare)) {
        result.error = repo.errorString();
        return result;
    }
    const QString tip = repo.resolve(branch);
    if (tip.isEmpty()) {
        result.error = repo.errorString();
        return result;
    }
    const qint64 sinceSecs = since.isValid() ? since.toSecsSinceEpoch()
                                             : std::numeric_limits<qint64>::min();
    // Followed by hand rather than with a revwalk: a revwalk parses each commit's parents
    // before yielding it, so in a shallow clone it fails on the last commit that is there.
    git_oid id;
    const QByteArray hex = tip.toLatin1();
    git_oid_fromstr(&id, hex.constData());
    bool missing = false;
    for (;;) {
        git_commit *commit = nullptr;
        if (git_commit_lookup(&commit, repo.handle(), &id) < 0) {
            missing = true; // the shallow boundary, or a broken object database
            break;
        }
        const git_signature *committer = git_commit_committer(commit);
        const qint64 secs = committer->when.time;
        // Not a stop condition: committer clocks drift, so an older commit can sit on top of
        // newer ones; the whole chain is read (100k commits take well under a second).
        if (secs >= sinceSecs) {
            result.arrivals.append(
                // A fixed offset, not a QTimeZone: ten times cheaper on long histories.
                QDateTime::fromSecsSinceEpoch(secs, Qt::OffsetFromUTC,
                                              committer->when.offset * 60));
        }
        const bool hasParent = git_commit_parentcount(commit) > 0;
        if (hasParent)
            git_oid_cpy(&id, git_commit_parent_id(commit, 0));
        git_commit_free(commit);
        if (!hasParent)
            break;
    }
    if (repo.isShallow()) {
        result.truncated = true;
        result.error = QStringLiteral("%1 is a shallow clone: its history is cut short, so "
                                      "the arrival rate covers only the fetched commits "
                                      "(git fetch --unshallow for all of it)")
                           .arg(repoPath);
    } else if (missing) {
        result.error = QStringLiteral("history of %1 is incomplete: %2")
                           .arg(branch, GitLibrary::lastErrorMessage());
        result.truncated = true;
    }
    std::sort(result.arrivals.begin(), result.arrivals.end());
    return result;
}

QList<QDateTime> GitHistory::arrivals(const QString &repoPath, const QString &branch,
                                      const QDateTime &since, QString *error)
{
    Result r = read(repoPath, branch, since);
    if (error)
        *error = r.error;
    return r.arrivals;
}

ArrivalStatistics GitHistory::statistics(const QString &repoPath, const QString &branch,
                                         const QDateTime &since, QString *error)
{
    return ArrivalStatistics::compute(arrivals(repoPath, branch, since, error));
}

} // namespace pw::core
