#pragma once

#include "dockerhost.h"

#include "core/run/stepcontext.h"

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
    QString hostError; // a DOCKER_HOST that does not parse: the step fails with this
    qint64 readinessTimeoutMs = 60000;                     // service containers

    // For one step of a run: its workspace, the variables the run defines for it (not the
    // host's PATH or HOME, which would break the image's own), names and labels by run and
    // stage, and the engine from the step's DOCKER_HOST if it sets one.
    static DockerStepContext forStep(const StepContext &step);
};

} // namespace pw::core
