#pragma once

#include "dockersteprunner.h"

#include <QVariantMap>

namespace pw::core {

// A `docker-build` step: builds `context` (relative to the workspace) with the classic
// builder, streaming the context from disk; Docker's output becomes the step's log and an
// error inside the build stream fails the step with Docker's message.
class DockerBuildStepRunner : public DockerStepRunner
{
    Q_OBJECT

public:
    // params: the step's fields (context, dockerfile, tags, args, target, labels, no-cache).
    DockerBuildStepRunner(const QVariantMap &params, const DockerStepContext &context,
                          QObject *parent = nullptr);
    ~DockerBuildStepRunner() override;

    static DockerBuildOptions optionsFrom(const QVariantMap &params, const QString &workspace);
    QString imageId() const { return m_imageId; } // valid after a successful finished()

protected:
    Outcome work(DockerClient &client) override;

private:
    DockerBuildOptions m_options;
    QString m_imageId;
};

} // namespace pw::core
