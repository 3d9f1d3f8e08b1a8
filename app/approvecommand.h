#pragma once

#include <QStringList>

namespace pw::app {

// `pipewright approve RUN STAGE` / `pipewright reject RUN STAGE`: decides a stage's approval
// gate in the run store; the process running that run notices within a moment. Exit 0 done,
// 1 when the stage is not awaiting approval, 2 usage or database error.
int approveCommand(const QStringList &args);
int rejectCommand(const QStringList &args);

} // namespace pw::app
