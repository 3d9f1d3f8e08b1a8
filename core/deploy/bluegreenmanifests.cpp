#include "bluegreenmanifests.h"

#include "bluegreenschema.h"

#include "core/kube/kubemanifestloader.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace pw::core {

namespace {

void mergeInto(QJsonObject *target, const QJsonObject &values)
{
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        target->insert(it.key(), it.value());
}

} // namespace

QJsonObject BlueGreenManifests::defaultDeployment(const EnvironmentSpec &env, const QString &image)
{
    const QJsonObject container{{QStringLiteral("name"), env.app},
                                {QStringLiteral("image"), image},
                                {QStringLiteral("ports"),
                                 QJsonArray{
                                     QJsonObject{{QStringLiteral("containerPort"), env.port}}}},
                                {QStringLiteral("readinessProbe"),
                                 QJsonObject{{QStringLiteral("httpGet"),
                                              QJsonObject{{QStringLiteral("path"), env.healthPath},
                                                          {QStringLiteral("port"), env.port}}}}}};
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
                       {QStringLiteral("kind"), QStringLiteral("Deployment")},
                       {QStringLiteral("spec"),
                        QJsonObject{{QStringLiteral("template"),
                                     QJsonObject{{QStringLiteral("spec"),
                                                  QJsonObject{{QStringLiteral("containers"),
                                                               QJsonArray{container}}}}}}}}};
}

bool BlueGreenManifests::deploymentShape(const EnvironmentSpec &env, const QString &image,
                                         const QString &baseDir, QJsonObject *out, QString *error)
{
    if (env.manifests.isEmpty()) {
        *out = defaultDeployment(env, image);
        return true;
    }
    QList<KubeManifest> manifests;
    if (!KubeManifestLoader::load(env.manifests, baseDir, &manifests, error))
        return false;
    KubeManifestLoader::setImages(manifests, {{QStringLiteral("*"), image}});
    const auto it = std::find_if(manifests.cbegin(), manifests.cend(), [](const KubeManifest &m) {
        return m.kind() == QLatin1String("Deployment");
    });
    if (it == manifests.cend()) {
        *error = QStringLiteral("environment %1: its manifests hold no Deployment").arg(env.name);
        return false;
    }
    *out = it->object;
    return true;
}

QJsonObject BlueGreenManifests::deployment(const EnvironmentSpec &env, const QString &colour,
                                           const QJsonObject &shape, const QString &commit,
                                           const QDateTime &deployedAt)
{
    const QJsonObject selector = BlueGreenSchema::colourLabels(env, colour);
    QJsonObject labels = selector;
    labels.insert(QStringLiteral("commit"), BlueGreenSchema::labelValue(commit));
    QJsonObject d = shape;
    QJsonObject meta = d[u"metadata"].toObject();
    meta.insert(QStringLiteral("name"), BlueGreenSchema::deploymentName(env, colour));
    meta.insert(QStringLiteral("namespace"), env.kubeNamespace);
    QJsonObject metaLabels = meta[u"labels"].toObject();
    mergeInto(&metaLabels, labels);
    meta.insert(QStringLiteral("labels"), metaLabels);
    QJsonObject metaAnnotations = meta[u"annotations"].toObject();
    metaAnnotations.insert(BlueGreenSchema::DeployedAtKey, BlueGreenSchema::timestamp(deployedAt));
    meta.insert(QStringLiteral("annotations"), metaAnnotations);
    d.insert(QStringLiteral("metadata"), meta);
    QJsonObject spec = d[u"spec"].toObject();
    spec.insert(QStringLiteral("replicas"), env.replicas);
    spec.insert(QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), selector}});
    QJsonObject tmpl = spec[u"template"].toObject();
    QJsonObject tmplMeta = tmpl[u"metadata"].toObject();
    QJsonObject podLabels = tmplMeta[u"labels"].toObject();
    mergeInto(&podLabels, labels);
    tmplMeta.insert(QStringLiteral("labels"), podLabels);
    tmpl.insert(QStringLiteral("metadata"), tmplMeta);
    spec.insert(QStringLiteral("template"), tmpl);
    d.insert(QStringLiteral("spec"), spec);
    return d;
}

QJsonObject BlueGreenManifests::service(const EnvironmentSpec &env, const QString &name,
                                        const QString &colour)
{
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Service")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), name},
                     {QStringLiteral("namespace"), env.kubeNamespace},
                     {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app"), env.app}}}}},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("selector"), BlueGreenSchema::colourLabels(env, colour)},
                     {QStringLiteral("ports"),
                      QJsonArray{QJsonObject{{QStringLiteral("port"), env.port},
                                             {QStringLiteral("targetPort"), env.port}}}}}}};
}

QJsonObject BlueGreenManifests::serviceWithAnnotations(const EnvironmentSpec &env,
                                                       const QString &colour,
                                                       const QJsonObject &annotations)
{
    QJsonObject svc = service(env, env.service, colour);
    QJsonObject meta = svc[u"metadata"].toObject();
    QJsonObject ann;
    for (auto it = annotations.begin(); it != annotations.end(); ++it) {
        if (!it.value().isNull())
            ann.insert(it.key(), it.value());
    }
    meta.insert(QStringLiteral("annotations"), ann);
    svc.insert(QStringLiteral("metadata"), meta);
    return svc;
}

QByteArray BlueGreenManifests::scalePatch(int replicas)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("spec"),
                                      QJsonObject{{QStringLiteral("replicas"), replicas}}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace pw::core
