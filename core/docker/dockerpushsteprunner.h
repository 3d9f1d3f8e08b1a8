#pragma once

#include "dockersteprunner.h"

#include <QVariantMap>

namespace pw::core {

// A `docker-push` step: pushes `image` (tagged first as registry/image when `registry` is
// given and the name has no registry) with the credentials of ~/.docker/config.json, and
// reports the pushed digest as a "digest: sha256:…" line and through digest().
class DockerPushStepRunner : public DockerStepRunner
{
    Q_OBJECT

public:
    DockerPushStepRunner(const QVariantMap &params, const DockerStepContext &context,
                         QObject *parent = nullptr);
    ~DockerPushStepRunner() override;

    QString pushedReference() const { return m_reference; }
    QString digest() const { return m_digest; } // valid after a successful finished()

protected:
    Outcome work(DockerClient &client) override;

private:
    QString m_image;
    QString m_reference;
    QString m_digest;
};

} // namespace pw::core
