#pragma once

#include <QStringList>

namespace pw::app {

// `pipewright env ACTION FILE ENVIRONMENT [...]`: the manual blue/green actions on an
// environment of a pipeline file — status, deploy, promote, rollback, abort, scale-down,
// recover, history — through the same controller the GUI and the bluegreen step use, and
// recorded in the same history. Exit 0 done, 1 refused or failed, 2 usage, file or
// connection error.
int envCommand(const QStringList &args);

} // namespace pw::app
