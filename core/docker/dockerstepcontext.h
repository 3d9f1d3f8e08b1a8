#pragma once

#include "dockerhost.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace pw::core {

// What every Docker step runner needs besides the step's own fields: the run's workspace,
// the step's environment, and how to name and label what it creates so that a run (or a
// test) can find and remove its containers afterwards.
struct DockerStepContext
{
    QString workspaceDir;                                  // absolute host path
    QStringList env;                                       // "K=V" as the step sees them
    QString namePrefix = QStringLiteral("pipewright");     // container names start with it
    QMap<QString, QString> labels;                         // e.g. pipewright.run=<id>
    HttpEndpoint endpoint = DockerHost::fromEnvironment().endpoint();
    qint64 readinessTimeoutMs = 60000;                     // service containers
};

} // namespace pw::core
