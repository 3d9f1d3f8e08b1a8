#include "committrigger.h"

#include "runrequestbuilder.h"

#include "branchwatcher.h"
#include "gitrepository.h"
#include "remotefetcher.h"
#include "rollbackregistry.h"

namespace pw::core {

CommitTrigger::CommitTrigger(QObject *parent)
    : QObject(parent)
    , m_watcher(new BranchWatcher(this))
{
    connect(m_watcher, &BranchWatcher::branchChanged, this, &CommitTrigger::handleEvent);
    connect(m_watcher, &BranchWatcher::problem, this, &CommitTrigger::problem);
}

CommitTrigger::~CommitTrigger() = default;

void CommitTrigger::setPipeline(const Pipeline &pipeline, const QString &pipelineFile)
{
    m_pipeline = pipeline;
    m_pipelineFile = pipelineFile;
}

void CommitTrigger::setRemote(const QString &remote, int fetchIntervalMs,
                              const RemoteCredentials &credentials)
{
    m_remote = remote;
    m_fetchIntervalMs = fetchIntervalMs;
    m_credentials = credentials;
}

bool CommitTrigger::start()
{
    stop();
    m_error.clear();
    if (m_pipeline.triggers.pushBranches.isEmpty()) {
        m_error = QStringLiteral("pipeline '%1' has no push trigger (triggers.push lists no "
                                 "branches): commits start no runs")
                      .arg(m_pipeline.name);
        return false;
    }
    GitRepository repo;
    if (!repo.open(m_projectDir)) {
        m_error = repo.errorString();
        return false;
    }
    m_commonDir = repo.commonDir();
    m_watcher->setBranchFilter(BranchFilter(m_pipeline.triggers.pushBranches));
    m_watcher->setRefPrefix(m_remote.isEmpty() ? QStringLiteral("refs/heads/")
                                               : QStringLiteral("refs/remotes/%1/").arg(m_remote));
    if (!m_watcher->start(m_projectDir)) {
        m_error = m_watcher->errorString();
        return false;
    }
    if (!m_remote.isEmpty()) {
        m_fetcher = new RemoteFetcher(this);
        m_fetcher->setRepository(m_projectDir);
        m_fetcher->setRemote(m_remote);
        m_fetcher->setCredentials(m_credentials);
        m_fetcher->setInterval(m_fetchIntervalMs);
        connect(m_fetcher, &RemoteFetcher::fetchFinished, this,
                [this](bool ok, const QString &error) {
                    if (!ok)
                        emit problem(error);
                    else
                        m_watcher->rescan();
                });
        m_fetcher->start();
    }
    emit message(QStringLiteral("watching %1 for pushes to %2")
                     .arg(m_remote.isEmpty() ? m_projectDir
                                             : QStringLiteral("remote '%1'").arg(m_remote),
                          m_pipeline.triggers.pushBranches.join(QStringLiteral(", "))));
    return true;
}

void CommitTrigger::stop()
{
    m_watcher->stop();
    delete m_fetcher; // cancels and waits for a fetch in progress
    m_fetcher = nullptr;
}

RunRequest CommitTrigger::requestFor(const GitCommitInfo &commit, const QString &branch,
                                     const QString &trigger) const
{
    return RunRequestBuilder::forCommit(m_pipelineFile, m_pipeline, commit, branch, trigger,
                                        m_projectDir);
}

void CommitTrigger::handleEvent(const BranchEvent &event)
{
    if (event.kind == BranchEvent::Kind::Deleted) {
        emit message(QStringLiteral("branch '%1' was deleted: nothing to run").arg(event.branch));
        return;
    }
    GitRepository repo;
    if (!repo.open(m_projectDir)) {
        emit problem(repo.errorString());
        return;
    }
    const auto commit = repo.commit(event.newOid);
    if (!commit) {
        emit problem(repo.errorString());
        return;
    }
    const QString shortOid = commit->shortOid();
    if (commit->requestsSkipCi()) {
        const QString reason = QStringLiteral("commit %1 on '%2' asks to skip CI ([skip ci])")
                                   .arg(shortOid, event.branch);
        emit message(reason);
        emit commitSkipped(commit->oid, reason);
        return;
    }
    RollbackRegistry rollbacks(RollbackRegistry::defaultPath(m_commonDir));
    if (const auto mark = rollbacks.find(commit->oid)) {
        const QString reason =
            QStringLiteral("commit %1 on '%2' was rolled back from %3 on %4%5; not run "
                           "automatically (run it by hand to deploy it again)")
                .arg(shortOid, event.branch, mark->environment,
                     mark->at.toString(Qt::ISODate),
                     mark->reason.isEmpty() ? QString()
                                            : QStringLiteral(" (%1)").arg(mark->reason));
        emit message(reason);
        emit commitSkipped(commit->oid, reason);
        return;
    }
    QString what;
    switch (event.kind) {
    case BranchEvent::Kind::Created:
        what = QStringLiteral("new branch '%1'").arg(event.branch);
        break;
    case BranchEvent::Kind::ForcePush:
        what = QStringLiteral("force-push to '%1' (was %2)")
                   .arg(event.branch, event.oldOid.left(10));
        break;
    default:
        what = QStringLiteral("push to '%1' (%2 commit%3)")
                   .arg(event.branch)
                   .arg(event.commitCount)
                   .arg(event.commitCount == 1 ? QString() : QStringLiteral("s"));
        break;
    }
    emit message(QStringLiteral("%1: run for %2").arg(what, shortOid));
    const RunRequest request = requestFor(*commit, event.branch);
    if (m_handler)
        m_handler(request, *commit);
    emit runRequested(request, *commit);
}

} // namespace pw::core
