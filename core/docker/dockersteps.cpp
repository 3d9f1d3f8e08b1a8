#include "dockersteps.h"

#include "containersteprunner.h"
#include "dockerbuildsteprunner.h"
#include "dockerclient.h"
#include "dockerpushsteprunner.h"
#include "dockerrunsteprunner.h"
#include "dockerstepcontext.h"

#include "core/run/steprunnerregistry.h"

namespace pw::core {

void addDockerSteps(StepRunnerRegistry &registry)
{
    registry.addInImage(QStringLiteral("run"), [](const StepContext &c, QObject *parent,
                                                  QString *) -> StepRunner * {
        return new ContainerStepRunner(c.expand(c.stage.image), c.param(QStringLiteral("command")),
                                       c.param(QStringLiteral("shell")),
                                       c.param(QStringLiteral("workdir")),
                                       DockerStepContext::forStep(c), parent);
    });
    registry.add(QStringLiteral("docker-build"),
                 [](const StepContext &c, QObject *parent, QString *) -> StepRunner * {
                     return new DockerBuildStepRunner(c.expandedParams(),
                                                      DockerStepContext::forStep(c), parent);
                 });
    registry.add(QStringLiteral("docker-push"),
                 [](const StepContext &c, QObject *parent, QString *) -> StepRunner * {
                     return new DockerPushStepRunner(c.expandedParams(),
                                                     DockerStepContext::forStep(c), parent);
                 });
    registry.add(QStringLiteral("docker-run"),
                 [](const StepContext &c, QObject *parent, QString *) -> StepRunner * {
                     // `command` goes to `sh -c` in the container: it is passed as
                     // written, and Pipewright's values (commit message, branch, --set)
                     // reach it only as the container's environment, as on the host. The
                     // other fields (image, ports) are not parsed by a shell.
                     QVariantMap params = c.expandedParams();
                     params.insert(QStringLiteral("command"),
                                   c.param(QStringLiteral("command")));
                     return new DockerRunStepRunner(params, DockerStepContext::forStep(c),
                                                    parent);
                 });
    // Service containers (docker-run with detach) live until their run ends.
    registry.addRunCleanup(QStringLiteral("docker-run"), [](const QString &runKey) {
        DockerClient client;
        client.removeContainersWithLabel(QStringLiteral("pipewright.run=") + runKey);
    });
}

} // namespace pw::core
