#pragma once

#include <QStringList>

namespace pw::app {

// `pipewright history [--json] [--limit N]`: past runs from the run store, newest first.
// args are the words after "history". Needs a QCoreApplication.
int historyCommand(const QStringList &args);

} // namespace pw::app
