#pragma once

#include "dockersteprunner.h"

namespace pw::core {

// A `run` step of a stage that has `image:`: the command runs inside a fresh container of
// that image with the workspace bind-mounted at /workspace (working directory
// /workspace/<workdir>), the step's env, the invoking user's uid:gid when not root, and the
// container's exit code as the step's. bash -eo pipefail when the image has bash, else
// sh -e, mirroring ShellStepRunner on the host.
class ContainerStepRunner : public DockerStepRunner
{
    Q_OBJECT

public:
    ContainerStepRunner(const QString &image, const QString &command, const QString &shell,
                        const QString &workdir, const DockerStepContext &context,
                        QObject *parent = nullptr);
    ~ContainerStepRunner() override;

protected:
    Outcome work(DockerClient &client) override;

private:
    QString m_image;
    QString m_command;
    QString m_shell;
    QString m_workdir;
};

} // namespace pw::core
