#include "dockerrunsteprunner.h"

namespace pw::core {

DockerRunStepRunner::DockerRunStepRunner(const QVariantMap &params,
                                         const DockerStepContext &context, QObject *parent)
    : DockerStepRunner(context, parent), m_params(params)
{
}

DockerRunStepRunner::~DockerRunStepRunner()
{
    stopWorker();
}

DockerStepRunner::Outcome DockerRunStepRunner::work(DockerClient &client)
{
    DockerContainerSpec spec;
    spec.image = m_params.value(QStringLiteral("image")).toString();
    const QString command = m_params.value(QStringLiteral("command")).toString();
    if (!command.isEmpty())
        spec.cmd = {QStringLiteral("sh"), QStringLiteral("-c"), command};
    spec.env = context().env;
    if (!context().workspaceDir.isEmpty()) {
        spec.binds = {context().workspaceDir + QStringLiteral(":/workspace")};
        spec.workingDir = QStringLiteral("/workspace");
    }
    spec.ports = m_params.value(QStringLiteral("ports")).toStringList();
    const bool detach = m_params.value(QStringLiteral("detach")).toBool();
    if (!detach)
        spec.user = userSpec();
    systemLine(QStringLiteral("docker run %1%2")
                   .arg(spec.image, detach ? QStringLiteral(" (service)") : QString()));
    return runContainer(client, spec, detach);
}

} // namespace pw::core
