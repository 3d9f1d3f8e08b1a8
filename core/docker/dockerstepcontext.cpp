#include "dockerstepcontext.h"

#include <QDir>

namespace pw::core {

DockerStepContext DockerStepContext::forStep(const StepContext &step)
{
    DockerStepContext context;
    context.workspaceDir = QDir(step.workspace).absolutePath();
    context.namePrefix = QStringLiteral("pipewright-run%1").arg(step.runId);
    context.labels.insert(QStringLiteral("pipewright.run"),
                          step.runKey.isEmpty() ? QString::number(step.runId) : step.runKey);
    context.labels.insert(QStringLiteral("pipewright.stage"), step.stage.id);
    const DockerHost dockerHost = step.env.contains(QStringLiteral("DOCKER_HOST"))
                                ? DockerHost::parse(step.env.value(QStringLiteral("DOCKER_HOST")))
                                : DockerHost::fromEnvironment();
    context.endpoint = dockerHost.endpoint();
    context.hostError = dockerHost.error();
    const QProcessEnvironment host = QProcessEnvironment::systemEnvironment();
    for (const QString &name : step.env.keys()) {
        if (!host.contains(name) || host.value(name) != step.env.value(name))
            context.env << name + u'=' + step.env.value(name);
    }
    return context;
}

} // namespace pw::core
