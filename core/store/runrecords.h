#pragma once

#include "core/run/runstatus.h"

#include <QList>
#include <QString>

namespace pw::core {

// Rows of the run history as plain values, read and written by RunStore. Times are
// milliseconds since the Unix epoch; 0 means "not yet". These are the arrival and service
// times the queueing simulator calibrates from.

struct RunRecord
{
    qint64 id = 0;
    qint64 projectId = 0;
    QString projectName;
    QString pipelineName;
    QString pipelineFile;
    RunStatus status = RunStatus::Queued;
    QString trigger;
    QString commit;
    QString branch;
    QString commitMessage;
    qint64 queuedAt = 0;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    QString runDir;    // logs/ and artifacts/ live here
    QString workspace; // where the steps ran
    QString message;   // why it failed, if it did
};

struct StageRecord
{
    qint64 runId = 0;
    QString stageId;
    QString name;
    int position = 0; // index in the pipeline file
    StageStatus status = StageStatus::Pending;
    qint64 queuedAt = 0; // when its needs were met (or the run started, without needs)
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    // "" (no gate), "pending", "approved" or "rejected".
    QString approval;
    QString approvedBy;
    bool allowedFailure = false; // failed, but continue-on-error lets the run go on
    QString message;
};

struct StepRecord
{
    qint64 runId = 0;
    QString stageId;
    int stepIndex = 0;
    QString name;
    QString kind;
    StepStatus status = StepStatus::Pending;
    qint64 queuedAt = 0;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    int exitCode = -1; // -1: none (not run, crashed, or not a process)
    int attempts = 0;
    QString logPath; // raw bytes; the line index is logPath + ".idx"
    QString message;
};

struct AttemptRecord
{
    qint64 runId = 0;
    QString stageId;
    int stepIndex = 0;
    int attempt = 1; // 1-based
    StepStatus status = StepStatus::Pending;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    int exitCode = -1;
    QString message;
};

struct ArtifactRecord
{
    qint64 runId = 0;
    QString stageId;
    QString path; // relative to the run's artifacts/ folder
    qint64 size = 0;
};

// One action on a blue/green environment, as the environment's history shows it.
struct SwitchRecord
{
    qint64 id = 0;
    QString environment;
    QString context;
    QString kubeNamespace;
    QString app;
    qint64 at = 0;      // when it finished; 0 = now, when recorded
    QString actor;      // who: a user, or "pipewright run N"
    QString action;     // "deploy", "promote", "rollback", "auto-rollback", "abort", "scale-down"
    QString fromColour; // where traffic was
    QString toColour;   // where the action sent it (or the colour it acted on)
    QString commit;
    QString image;
    QString outcome;    // "ok", "refused", "failed"
    QString message;
    qint64 runId = 0;   // the run whose step did it; 0 = by hand
};

} // namespace pw::core
