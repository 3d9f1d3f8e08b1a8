#include "dockerbuildsteprunner.h"

#include <QDir>

namespace pw::core {

namespace {
QMap<QString, QString> stringMap(const QVariant &v)
{
    QMap<QString, QString> out;
    const QVariantMap m = v.toMap();
    for (auto it = m.begin(); it != m.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}
} // namespace

DockerBuildStepRunner::DockerBuildStepRunner(const QVariantMap &params,
                                             const DockerStepContext &context, QObject *parent)
    : DockerStepRunner(context, parent), m_options(optionsFrom(params, context.workspaceDir))
{
}

DockerBuildStepRunner::~DockerBuildStepRunner()
{
    stopWorker();
}

DockerBuildOptions DockerBuildStepRunner::optionsFrom(const QVariantMap &params,
                                                      const QString &workspace)
{
    DockerBuildOptions o;
    const QString ctx = params.value(QStringLiteral("context")).toString();
    o.contextDir = QDir::cleanPath(QDir(workspace).filePath(ctx.isEmpty() ? QStringLiteral(".")
                                                                          : ctx));
    const QString df = params.value(QStringLiteral("dockerfile")).toString();
    if (!df.isEmpty())
        o.dockerfile = df;
    o.tags = params.value(QStringLiteral("tags")).toStringList();
    o.buildArgs = stringMap(params.value(QStringLiteral("args")));
    o.labels = stringMap(params.value(QStringLiteral("labels")));
    o.target = params.value(QStringLiteral("target")).toString();
    o.noCache = params.value(QStringLiteral("no-cache")).toBool();
    return o;
}

DockerStepRunner::Outcome DockerBuildStepRunner::work(DockerClient &client)
{
    systemLine(QStringLiteral("docker build %1 (tags: %2)")
                   .arg(m_options.contextDir, m_options.tags.join(u", ")));
    QString id;
    if (!client.build(m_options, [this](const QString &l) { logLine(l); }, &id))
        return clientFailure(client);
    m_imageId = id;
    systemLine(QStringLiteral("built image %1").arg(id));
    return {true, 0, {}};
}

} // namespace pw::core
