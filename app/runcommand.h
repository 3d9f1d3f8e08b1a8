#pragma once

#include <QStringList>

namespace pw::app {

// `pipewright run FILE [--workspace DIR] [--set K=V]... [--jobs N]`: runs a pipeline headless
// with live output prefixed by stage and a summary table; exit 0 succeeded, 1 failed (or the
// file did not load), 2 usage or I/O error, 130 cancelled (SIGINT/SIGTERM). args are the
// words after "run". Needs a QCoreApplication.
int runCommand(const QStringList &args);

} // namespace pw::app
