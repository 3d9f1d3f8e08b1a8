#pragma once

#include "core/pipeline/pipeline.h"

#include <QString>

namespace pw::core {

// Everything needed to start one run of a pipeline: what to run, where, and the metadata the
// steps see as PW_* variables. Built by the GUI, the CLI or a trigger; copied into the run.
struct RunRequest
{
    Pipeline pipeline;
    QString pipelineFile; // for the record and the display only
    QString projectName;  // defaults to the pipeline's name
    // The project directory: copied into the run's own workspace before the run starts.
    QString projectDir;
    // When set, steps run right in this directory as it is (uncommitted changes included)
    // instead of in a fresh copy of projectDir.
    QString workspaceDir;
    // `--set K=V` values: override pipeline env and are visible to `when` as env.K.
    EnvList variables;
    QString trigger = QStringLiteral("manual");
    QString commit;
    QString branch;
    QString commitMessage;
    QString commitAuthor;
    // True: the workspace is a fresh checkout of `commit` from projectDir's repository (git
    // triggers, "Run this commit"). False: a copy of projectDir as it is on disk, uncommitted
    // changes included — what a developer running their own tree expects.
    bool checkoutCommit = false;
    // The user's secrets file (KEY=VALUE lines, mode 0600). Empty: $PIPEWRIGHT_SECRETS_FILE,
    // else secrets in the app's config directory.
    QString secretsFile;
};

} // namespace pw::core
