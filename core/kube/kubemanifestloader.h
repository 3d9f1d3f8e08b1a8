#pragma once

#include "kubemanifest.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace pw::core {

// Reads the manifests of a kube-apply step: files or folders (a folder's *.yaml, *.yml and
// *.json, sorted by name, not recursive, like `kubectl apply -f DIR`), each split into its
// YAML documents; `kind: List` is expanded. Errors carry FILE:LINE:COL.
class KubeManifestLoader
{
public:
    static bool load(const QStringList &paths, const QString &baseDir, QList<KubeManifest> *out,
                     QString *error);
    static bool loadText(const QByteArray &text, const QString &name, QList<KubeManifest> *out,
                         QString *error);

    // Sets container images from a structured field instead of editing YAML text: `images`
    // maps a container name (or "*" for every container) to an image reference. Covers
    // Pods and the pod templates of workloads, init containers included. Returns how many
    // containers changed.
    static int setImages(QList<KubeManifest> &manifests, const QMap<QString, QString> &images);
};

} // namespace pw::core
