#pragma once

#include "gitcommitinfo.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

struct git_repository;

namespace pw::core {

// An open libgit2 repository with the questions Pipewright asks of it: which branch, which
// tips, which commits. Every failure leaves a sentence in errorString() that names the path
// or ref and says what is wrong; nothing throws or crashes on a broken repository. Not
// thread-safe: each thread opens its own (libgit2 allows one repository per thread).
class GitRepository
{
public:
    enum class OpenMode {
        RequireWorkTree, // a project: must have a working tree
        AllowBare,       // a remote or mirror
        // A folder inside a working tree: the repository is searched for upwards (as git
        // does), for a pipeline file kept in a subfolder of its project.
        SearchUpwards,
    };

    GitRepository();
    ~GitRepository();
    GitRepository(const GitRepository &) = delete;
    GitRepository &operator=(const GitRepository &) = delete;

    // `path` is the working tree (or the bare repository); no search upwards unless asked
    // for, so a project folder that is not itself a repository is reported as such.
    bool open(const QString &path, OpenMode mode = OpenMode::RequireWorkTree);
    void close();
    bool isOpen() const { return m_repo != nullptr; }
    QString errorString() const { return m_error; }

    QString workTree() const;  // empty for a bare repository
    QString gitDir() const;    // this worktree's .git directory
    QString commonDir() const; // where refs/, packed-refs and objects/ live
    bool isBare() const;
    bool isShallow() const;
    bool isHeadDetached() const;

    // The branch HEAD points at ("main"); empty, with errorString(), when HEAD is detached,
    // unborn or its ref is corrupted.
    QString currentBranch();
    // A revision ("main", "refs/remotes/origin/main", an oid, "HEAD~2") to its commit oid;
    // empty with errorString() when it does not resolve.
    QString resolve(const QString &revision);
    // Tips of every ref under `prefix` ("refs/heads/"), keyed by the name after the prefix.
    // Refs that cannot be read are left out, described in *problems and their names (after
    // the prefix) listed in *unreadable.
    QHash<QString, QString> tips(const QString &prefix, QStringList *problems = nullptr,
                                 QStringList *unreadable = nullptr);

    std::optional<GitCommitInfo> commit(const QString &oid);
    // Up to `limit` commits from `revision` along first parents, newest first.
    QList<GitCommitInfo> recentCommits(const QString &revision, int limit);
    bool isAncestor(const QString &ancestor, const QString &descendant);
    // Commits reachable from `tip` but from none of `hidden`, at most `limit` counted.
    int countCommits(const QString &tip, const QStringList &hidden, int limit = 10000);

    git_repository *handle() const { return m_repo; }

private:
    bool fail(const QString &context);

    git_repository *m_repo = nullptr;
    QString m_path;
    QString m_error;
};

} // namespace pw::core
