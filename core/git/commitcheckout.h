#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QThread;

namespace pw::core {

// Writes the files of one exact commit into a run's workspace, straight from the object
// database: the user's working tree, index and HEAD are never touched, so uncommitted work
// stays as it is while a run builds the commit. Submodules are checked out at the commits
// the superproject records, from their repositories under .git/modules (or the submodule's
// own .git); one that was never cloned is reported as a warning. Runs on a worker thread
// like WorkspaceCopier, which it replaces for runs that have a commit.
class CommitCheckout : public QObject
{
    Q_OBJECT

public:
    explicit CommitCheckout(QObject *parent = nullptr);
    ~CommitCheckout() override;

    // workspace must not exist or be empty, and must not be the repository's working tree.
    void start(const QString &repoPath, const QString &commit, const QString &workspace);

    // Synchronous, used by start() on its thread. False with *error on failure.
    static bool checkout(const QString &repoPath, const QString &commit,
                         const QString &workspace, QString *error,
                         QStringList *warnings = nullptr);

signals:
    void finished(bool ok, const QString &error, const QStringList &warnings);

private:
    QThread *m_thread = nullptr;
};

} // namespace pw::core
