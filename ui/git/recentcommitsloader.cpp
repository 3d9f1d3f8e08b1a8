#include "recentcommitsloader.h"

#include "core/git/gitrepository.h"

namespace pw::ui {

void RecentCommitsLoader::load(const QString &repoPath, const QString &branch, int limit,
                               int generation)
{
    pw::core::GitRepository repo;
    if (!repo.open(repoPath)) {
        emit loaded({}, branch, repo.errorString(), generation);
        return;
    }
    QString name = branch;
    QString revision = branch;
    if (name.isEmpty()) {
        name = repo.currentBranch();
        revision = name.isEmpty() ? QStringLiteral("HEAD") : name;
        if (name.isEmpty())
            name = QStringLiteral("HEAD");
    }
    const QList<pw::core::GitCommitInfo> commits = repo.recentCommits(revision, limit);
    const QString error = commits.isEmpty() ? repo.errorString() : QString();
    emit loaded(commits, name, error, generation);
}

} // namespace pw::ui
