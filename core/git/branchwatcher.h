#pragma once

#include "branchevent.h"
#include "branchfilter.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

class QFileSystemWatcher;
class QTimer;

namespace pw::core {

class GitRepository;

// Watches the branch tips of one repository and emits one branchChanged per push. A
// QFileSystemWatcher on refs/, packed-refs and logs/ wakes it within milliseconds; a poll
// timer covers file systems without change notification (network mounts) and refs moved
// by fetches. Each wake-up re-reads every tip and compares with the last snapshot, so
// several commits arriving together, packed or loose refs, and any number of file events
// all come out as one event per changed branch. Lives on the thread that owns it.
class BranchWatcher : public QObject
{
    Q_OBJECT

public:
    explicit BranchWatcher(QObject *parent = nullptr);
    ~BranchWatcher() override;

    // Which refs to watch: "refs/heads/" (local branches, the default) or
    // "refs/remotes/origin/" (a fetched remote).
    void setRefPrefix(const QString &prefix) { m_prefix = prefix; }
    QString refPrefix() const { return m_prefix; }
    void setBranchFilter(const BranchFilter &filter) { m_filter = filter; }
    BranchFilter branchFilter() const { return m_filter; }
    // 0 disables polling. Default 2000 ms.
    void setPollInterval(int ms);
    int pollInterval() const { return m_pollMs; }
    // Time to let a burst of file events (lock file, rename, reflog) settle. Default 15 ms.
    void setSettleDelay(int ms) { m_settleMs = ms; }
    void setFileSystemWatchEnabled(bool enabled) { m_useFsWatcher = enabled; }

    // Opens the repository (bare allowed) and takes the current tips as the baseline: no
    // events for what is already there. False with errorString() when it cannot.
    bool start(const QString &repositoryPath);
    void stop();
    bool isRunning() const;
    bool isWatchingFileSystem() const;
    QString errorString() const { return m_error; }
    QHash<QString, QString> tips() const { return m_tips; }

public slots:
    // Re-reads the tips now and emits events for what changed.
    void rescan();

signals:
    void branchChanged(const pw::core::BranchEvent &event);
    // A ref that cannot be read (corrupted), or a repository that went away.
    void problem(const QString &message);

private:
    void scheduleScan();
    void updateWatchedPaths();
    BranchEvent classify(const QString &branch, const QString &oldOid, const QString &newOid,
                         const QHash<QString, QString> &current);

    std::unique_ptr<GitRepository> m_repo;
    QFileSystemWatcher *m_fsWatcher = nullptr;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_settleTimer = nullptr;
    QString m_prefix = QStringLiteral("refs/heads/");
    BranchFilter m_filter;
    QHash<QString, QString> m_tips;
    QStringList m_lastProblems;
    QString m_error;
    int m_pollMs = 2000;
    int m_settleMs = 15;
    bool m_useFsWatcher = true;
};

} // namespace pw::core
