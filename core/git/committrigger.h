#pragma once

#include "branchevent.h"
#include "gitcommitinfo.h"
#include "remotecredentials.h"

#include "core/run/runrequest.h"
#include "core/pipeline/pipeline.h"

#include <QObject>
#include <QString>

#include <functional>

namespace pw::core {

class BranchWatcher;
class RemoteFetcher;

// Turns pushes into runs: watches the project's repository (or a fetched remote) for the
// branches in the pipeline's `triggers.push`, and for each push builds a RunRequest for the
// pushed tip — one run per push however many commits it brought. Skips deletions, commits
// whose message says [skip ci] / [ci skip], and commits marked as rolled back
// (RollbackRegistry), each with a message saying why. The commit's message, author and branch
// are carried only in RunRequest fields (the engine exposes them as variables), never
// substituted into a command. The application connects runRequested to RunEngine::enqueue.
class CommitTrigger : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(const RunRequest &, const GitCommitInfo &)>;

    explicit CommitTrigger(QObject *parent = nullptr);
    ~CommitTrigger() override;

    void setPipeline(const Pipeline &pipeline, const QString &pipelineFile = QString());
    // The project's working tree: the repository that is watched and the run's projectDir.
    void setProjectDir(const QString &dir) { m_projectDir = dir; }
    // Watch refs/remotes/<remote>/ and fetch it every intervalMs instead of local branches.
    void setRemote(const QString &remote, int fetchIntervalMs,
                   const RemoteCredentials &credentials = RemoteCredentials());
    // Called for every run as well as the runRequested signal (e.g. a lambda calling
    // RunEngine::enqueue when signals cannot be used).
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    // False with errorString() when the pipeline has no push trigger or the repository
    // cannot be opened.
    bool start();
    void stop();
    QString errorString() const { return m_error; }
    BranchWatcher *watcher() const { return m_watcher; }
    RemoteFetcher *fetcher() const { return m_fetcher; }

    // The request a run of `commit` on `branch` gets, whether triggered or asked for by hand
    // ("Run this commit": trigger "manual").
    RunRequest requestFor(const GitCommitInfo &commit, const QString &branch,
                          const QString &trigger = QStringLiteral("push")) const;

public slots:
    void handleEvent(const pw::core::BranchEvent &event);

signals:
    void runRequested(const pw::core::RunRequest &request, const pw::core::GitCommitInfo &commit);
    void commitSkipped(const QString &oid, const QString &reason);
    void message(const QString &text); // one log line about what the trigger did and why
    void problem(const QString &text); // repository or fetch trouble

private:
    Pipeline m_pipeline;
    QString m_pipelineFile;
    QString m_projectDir;
    QString m_remote;
    int m_fetchIntervalMs = 0;
    RemoteCredentials m_credentials;
    Handler m_handler;
    BranchWatcher *m_watcher = nullptr;
    RemoteFetcher *m_fetcher = nullptr;
    QString m_commonDir;
    QString m_error;
};

} // namespace pw::core
