#pragma once

#include <QStringList>

namespace pw::app {

// The headless subcommands of the pipewright executable (the contract in docs/cli.md).
// Each returns the process exit code.
bool isHeadlessCommand(const QStringList &args);
int runHeadless(int argc, char **argv);

int validateCommand(const QStringList &args);
int importCommand(const QStringList &args);

} // namespace pw::app
