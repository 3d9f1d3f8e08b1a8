#pragma once

#include "core/pipeline/pipeline.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace pw::core {

// The objects a blue/green environment is made of, built from its EnvironmentSpec: the
// Deployment of one colour and the Services (live and preview) selecting one colour. Pure
// functions except deploymentShape(), which reads the environment's manifest files.
class BlueGreenManifests
{
public:
    // The generated Deployment shape when the environment names no manifests: one container
    // `app` running `image` on `port`, ready when `health-path` answers.
    static QJsonObject defaultDeployment(const EnvironmentSpec &env, const QString &image);
    // The Deployment shape for `image`: the first Deployment of env.manifests (read relative
    // to `baseDir`, every container's image set to `image`), or defaultDeployment(). False
    // with *error when the files cannot be read or hold no Deployment.
    static bool deploymentShape(const EnvironmentSpec &env, const QString &image,
                                const QString &baseDir, QJsonObject *out, QString *error);
    // `shape` made the Deployment of `colour`: name, namespace, labels app/colour/commit on
    // the object and its pods, the selector, the replica count and the deployed-at
    // annotation are the controller's; everything else is the shape's.
    static QJsonObject deployment(const EnvironmentSpec &env, const QString &colour,
                                  const QJsonObject &shape, const QString &commit,
                                  const QDateTime &deployedAt);
    // Service `name` on env.port selecting `colour`, labelled app.
    static QJsonObject service(const EnvironmentSpec &env, const QString &name,
                               const QString &colour);
    // The Service's first switch creates it: service() with `annotations`, nulls dropped.
    static QJsonObject serviceWithAnnotations(const EnvironmentSpec &env, const QString &colour,
                                              const QJsonObject &annotations);
    // A merge patch setting .spec.replicas.
    static QByteArray scalePatch(int replicas);
};

} // namespace pw::core
