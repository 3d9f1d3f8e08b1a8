#pragma once

#include "core/pipeline/pipeline.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QVariantMap>

namespace pw::core {

class RunStore;

// What a step runner of any kind is created from: the step as written, the stage it is in,
// where it runs and the environment it sees (process env, pipeline/stage/step env, PW_*,
// secrets, --set values). Built by the stage execution for each attempt and handed to the
// StepRunnerRegistry; it only lives for the call.
struct StepContext
{
    qint64 runId = 0;
    // The run among every Pipewright data directory on this machine (runKey()): what labels
    // its containers, so that run 1 of one data directory never cleans up run 1 of another.
    QString runKey;
    StageSpec stage;
    StepSpec step;
    int stepIndex = 0;
    int attempt = 1;
    QString workspace;        // absolute path of the run's workspace
    QString workingDirectory; // the workspace, or the step's `workdir` inside it
    QProcessEnvironment env;  // everything the step sees as variables
    QList<EnvironmentSpec> environments; // the pipeline's, for deploy steps
    RunStore *store = nullptr;           // records of the run (may be null)
    int killGraceMs = 5000;              // between SIGTERM and SIGKILL

    // `${NAME}` replaced by the variable's value in fields that no shell parses (image
    // names, tags, paths); an unknown name is left as written so the mistake shows.
    QString expand(const QString &text) const;
    // The step's fields with expand() applied to every string (nested maps and lists too).
    QVariantMap expandedParams() const;
    QString param(const QString &key) const { return step.param(key); }
};

// "<12 hex digits of the data directory's hash>-<run id>".
QString runKey(const QString &dataDirectory, qint64 runId);

} // namespace pw::core
