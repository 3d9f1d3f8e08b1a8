#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace pw::core {

// Commits rolled back from an environment, kept in a small JSON file inside the repository's
// git directory (.git/pipewright/rollbacks.json) so the mark survives restarts, travels with
// no working-tree change and is never committed. CommitTrigger asks it before starting an
// automatic run; a person can still run such a commit by hand. The deploy module (or the
// store, later) records marks through markRolledBack().
class RollbackRegistry
{
public:
    struct Mark
    {
        QString commit; // 40 hex digits
        QString environment;
        QDateTime at;
        QString reason;
        bool operator==(const Mark &) const = default;
    };

    explicit RollbackRegistry(const QString &filePath);
    // The file for a repository, given its common git directory (GitRepository::commonDir).
    static QString defaultPath(const QString &gitCommonDir);

    QString filePath() const { return m_path; }
    // Reads the file; a missing file is an empty registry. False with errorString() when the
    // file is unreadable or not valid JSON (the marks are then empty).
    bool load();
    bool markRolledBack(const QString &commit, const QString &environment,
                        const QString &reason = QString());
    bool clear(const QString &commit, const QString &environment = QString());
    // The newest mark of `commit` (any environment), re-read from disk.
    std::optional<Mark> find(const QString &commit);
    QList<Mark> marks() const { return m_marks; }
    QString errorString() const { return m_error; }

private:
    bool save();

    QString m_path;
    QList<Mark> m_marks;
    QString m_error;
};

} // namespace pw::core
