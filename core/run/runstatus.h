#pragma once

#include <QMetaType>
#include <QString>

namespace pw::core {

// The life-cycle states of runs, stages and steps. Shared by the engine, the run store (which
// persists them as the lower-case names below) and the GUI's run views.

enum class RunStatus {
    Queued,           // waiting in the run queue
    Running,
    AwaitingApproval, // nothing running; a stage waits for approve()/reject()
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,      // the process running it died; set at the next start
};

enum class StageStatus {
    Pending,          // needs not finished yet
    AwaitingApproval,
    Running,
    Succeeded,
    Failed,
    Skipped,          // a need failed, or `when` said no
    Cancelled,
};

enum class StepStatus {
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
};

// The stream a piece of output came from. System lines are the engine's own messages
// (retries, timeouts, artifact copies) written into the same log.
enum class OutputStream { Stdout = 0, Stderr = 1, System = 2 };

QString toString(RunStatus status);
QString toString(StageStatus status);
QString toString(StepStatus status);
RunStatus runStatusFromString(const QString &text);
StageStatus stageStatusFromString(const QString &text);
StepStatus stepStatusFromString(const QString &text);

bool isFinished(RunStatus status);
bool isFinished(StageStatus status);
bool isFinished(StepStatus status);

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::RunStatus)
Q_DECLARE_METATYPE(pw::core::StageStatus)
Q_DECLARE_METATYPE(pw::core::StepStatus)
