#pragma once

#include <QStringList>

namespace pw::app {

// `pipewright demo create DIR`: the bundled demo project as a new git repository.
int demoCommand(const QStringList &args);

} // namespace pw::app
