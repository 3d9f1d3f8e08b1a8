#pragma once

#include "gitcommitinfo.h"

#include "core/run/runrequest.h"

#include <QString>

namespace pw::core {

// The one place a RunRequest is made, for every way a run starts: the GUI's Run button and
// `pipewright run` (the pipeline file's folder as it is on disk) and a commit (a push
// trigger, "Run this commit": a fresh checkout of that commit). Commit metadata is read with
// libgit2 and carried only in the request's fields; the engine hands it to steps as
// PW_COMMIT* variables, never as text of a command.
class RunRequestBuilder
{
public:
    // A run of the working tree: projectDir is the file's folder, copied as it is
    // (uncommitted changes included), or `workspaceDir` used in place. commit, branch,
    // message and author are HEAD's of the repository the folder is in, if it is in one
    // (branch empty while HEAD is detached).
    static RunRequest forWorkingTree(const QString &pipelineFile, const Pipeline &pipeline,
                                     const QString &trigger,
                                     const QString &workspaceDir = QString());
    // A run of `commit` as it was committed, checked out fresh from the repository of
    // `projectDir` (empty: the pipeline file's folder).
    static RunRequest forCommit(const QString &pipelineFile, const Pipeline &pipeline,
                                const GitCommitInfo &commit, const QString &branch,
                                const QString &trigger, const QString &projectDir = QString());
};

} // namespace pw::core
