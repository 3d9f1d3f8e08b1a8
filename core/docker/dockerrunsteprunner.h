#pragma once

#include "dockersteprunner.h"

#include <QVariantMap>

namespace pw::core {

// A `docker-run` step: runs `image` (with `command` through sh -c, else the image's own)
// with the workspace mounted at /workspace. With `detach` it is a service container: its
// `ports` (HOST:CONTAINER, on 127.0.0.1) are published, the step succeeds once they accept
// connections, and the container keeps running, labelled pipewright.service, until the run
// removes it (DockerClient::removeContainersWithLabel).
class DockerRunStepRunner : public DockerStepRunner
{
    Q_OBJECT

public:
    DockerRunStepRunner(const QVariantMap &params, const DockerStepContext &context,
                        QObject *parent = nullptr);
    ~DockerRunStepRunner() override;

protected:
    Outcome work(DockerClient &client) override;

private:
    QVariantMap m_params;
};

} // namespace pw::core
