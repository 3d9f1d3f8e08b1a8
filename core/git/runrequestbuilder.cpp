#include "runrequestbuilder.h"

#include "gitrepository.h"

#include <QFileInfo>

namespace pw::core {

namespace {

RunRequest base(const QString &pipelineFile, const Pipeline &pipeline, const QString &trigger,
                const QString &projectDir)
{
    RunRequest request;
    request.pipeline = pipeline;
    // A file named relative to projectDir (a commit trigger's) stays as it is given.
    request.pipelineFile = pipelineFile.isEmpty() || !projectDir.isEmpty()
        ? pipelineFile
        : QFileInfo(pipelineFile).absoluteFilePath();
    request.projectName = pipeline.name;
    request.projectDir = projectDir.isEmpty() ? QFileInfo(pipelineFile).absolutePath()
                                              : projectDir;
    request.trigger = trigger;
    return request;
}

// git ends a message with a newline; it is the last line's terminator, not part of what
// the author wrote, and a step printing "$PW_COMMIT_MESSAGE" should not get it.
QString messageText(const QString &message)
{
    qsizetype end = message.size();
    while (end > 0 && (message[end - 1] == u'\n' || message[end - 1] == u'\r'))
        --end;
    return message.left(end);
}

} // namespace

RunRequest RunRequestBuilder::forWorkingTree(const QString &pipelineFile,
                                             const Pipeline &pipeline, const QString &trigger,
                                             const QString &workspaceDir)
{
    RunRequest request = base(pipelineFile, pipeline, trigger, QString());
    request.workspaceDir = workspaceDir;
    GitRepository repo;
    // Not in a repository is fine: the run simply has no commit.
    if (!repo.open(workspaceDir.isEmpty() ? request.projectDir : workspaceDir,
                   GitRepository::OpenMode::SearchUpwards))
        return request;
    const QString head = repo.resolve(QStringLiteral("HEAD"));
    if (head.isEmpty())
        return request; // an empty repository: nothing committed yet
    const auto commit = repo.commit(head);
    if (!commit)
        return request;
    request.commit = commit->oid;
    request.branch = repo.isHeadDetached() ? QString() : repo.currentBranch();
    request.commitMessage = messageText(commit->message);
    request.commitAuthor = commit->authorName;
    return request;
}

RunRequest RunRequestBuilder::forCommit(const QString &pipelineFile, const Pipeline &pipeline,
                                        const GitCommitInfo &commit, const QString &branch,
                                        const QString &trigger, const QString &projectDir)
{
    RunRequest request = base(pipelineFile, pipeline, trigger, projectDir);
    request.commit = commit.oid;
    request.branch = branch;
    request.commitMessage = messageText(commit.message);
    request.commitAuthor = commit.authorName;
    request.checkoutCommit = true;
    return request;
}

} // namespace pw::core
