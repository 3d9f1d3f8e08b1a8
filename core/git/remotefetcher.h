#pragma once

#include "remotecredentials.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;
class QTimer;

namespace pw::core {

// Fetches one remote of a repository on an interval, on a worker thread so a slow network
// never stalls the caller's thread. The fetched tips land in refs/remotes/<remote>/, where a
// BranchWatcher with that prefix turns them into events (connect fetchFinished to its
// rescan()). Deleted remote branches are pruned so a deletion is seen. One fetch at a time;
// the destructor cancels a fetch in progress and waits for it.
class RemoteFetcher : public QObject
{
    Q_OBJECT

public:
    explicit RemoteFetcher(QObject *parent = nullptr);
    ~RemoteFetcher() override;

    void setRepository(const QString &path) { m_repoPath = path; }
    void setRemote(const QString &name) { m_remote = name; }
    QString remote() const { return m_remote; }
    void setCredentials(const RemoteCredentials &credentials) { m_credentials = credentials; }
    // 0: only fetchNow(). Default 60 s.
    void setInterval(int ms);
    void start(); // fetches now, then every interval
    void stop();

    bool isFetching() const { return m_thread != nullptr; }

    // Synchronous fetch, used on the worker thread. False with *error on failure.
    static bool fetch(const QString &repoPath, const QString &remote,
                      const RemoteCredentials &credentials, const std::atomic_bool *cancel,
                      QString *error);

public slots:
    void fetchNow(); // ignored while a fetch is running

signals:
    void fetchFinished(bool ok, const QString &error);

private:
    void onFinished(bool ok, const QString &error);

    QString m_repoPath;
    QString m_remote = QStringLiteral("origin");
    RemoteCredentials m_credentials;
    QTimer *m_timer = nullptr;
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
    int m_intervalMs = 60000;
};

} // namespace pw::core
