#include "dockerpushsteprunner.h"

#include "dockercredentials.h"

namespace pw::core {

DockerPushStepRunner::DockerPushStepRunner(const QVariantMap &params,
                                           const DockerStepContext &context, QObject *parent)
    : DockerStepRunner(context, parent), m_image(params.value(QStringLiteral("image")).toString())
{
    const QString registry = params.value(QStringLiteral("registry")).toString();
    m_reference = m_image;
    const bool onHub = DockerCredentials::registryOf(m_image) == QStringLiteral("docker.io");
    if (!registry.isEmpty() && onHub
        && !m_image.startsWith(QStringLiteral("docker.io/")))
        m_reference = registry + QLatin1Char('/') + m_image;
}

DockerPushStepRunner::~DockerPushStepRunner()
{
    stopWorker();
}

DockerStepRunner::Outcome DockerPushStepRunner::work(DockerClient &client)
{
    if (m_reference != m_image) {
        systemLine(QStringLiteral("docker tag %1 %2").arg(m_image, m_reference));
        if (!client.tag(m_image, m_reference))
            return clientFailure(client);
    }
    systemLine(QStringLiteral("docker push %1").arg(m_reference));
    QString digest;
    if (!client.push(m_reference, [this](const QString &l) { logLine(l); }, &digest))
        return clientFailure(client);
    m_digest = digest;
    logLine(QStringLiteral("digest: %1").arg(digest));
    return {true, 0, {}};
}

} // namespace pw::core
