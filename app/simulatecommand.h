#pragma once

#include <QStringList>

namespace pw::app {

// `pipewright simulate`: the analytic figures of a queueing model and, with --customers, a
// simulation of it with 95% confidence half-widths. Exit 0 on success, 2 on bad input or an
// unstable model. args are the words after "simulate".
int simulateCommand(const QStringList &args);

} // namespace pw::app
