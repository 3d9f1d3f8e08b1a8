#include "containersteprunner.h"

#include <QDir>

namespace pw::core {

ContainerStepRunner::ContainerStepRunner(const QString &image, const QString &command,
                                         const QString &shell, const QString &workdir,
                                         const DockerStepContext &context, QObject *parent)
    : DockerStepRunner(context, parent), m_image(image), m_command(command), m_shell(shell),
      m_workdir(workdir)
{
}

ContainerStepRunner::~ContainerStepRunner()
{
    stopWorker();
}

DockerStepRunner::Outcome ContainerStepRunner::work(DockerClient &client)
{
    DockerContainerSpec spec;
    spec.image = m_image;
    // The command travels as an argument ("$1"), never spliced into the script text.
    if (m_shell == QStringLiteral("sh")) {
        spec.cmd = {QStringLiteral("sh"), QStringLiteral("-e"), QStringLiteral("-c"), m_command};
    } else {
        spec.cmd = {QStringLiteral("sh"), QStringLiteral("-c"),
                    QStringLiteral("if command -v bash >/dev/null 2>&1; then "
                                   "exec bash -eo pipefail -c \"$1\"; "
                                   "else exec sh -e -c \"$1\"; fi"),
                    QStringLiteral("pipewright-step"), m_command};
    }
    spec.env = context().env;
    spec.user = userSpec();
    if (!spec.user.isEmpty())
        spec.env.append(QStringLiteral("HOME=/tmp")); // a uid without a passwd entry
    spec.binds = {context().workspaceDir + QStringLiteral(":/workspace")};
    spec.workingDir = QDir::cleanPath(QStringLiteral("/workspace/") + m_workdir);
    return runContainer(client, spec);
}

} // namespace pw::core
