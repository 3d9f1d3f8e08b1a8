#include "kubemanifestloader.h"

#include "kubeyaml.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace pw::core {

namespace {

bool addObject(const QJsonObject &o, const QString &file, int line, int column,
               QList<KubeManifest> *out, QString *error)
{
    const QString at = QStringLiteral("%1:%2:%3").arg(file).arg(line).arg(column);
    if (o.value(QStringLiteral("kind")).toString() == QLatin1String("List")
        && o.value(QStringLiteral("items")).isArray()) {
        for (const QJsonValue &v : o.value(QStringLiteral("items")).toArray()) {
            if (!addObject(v.toObject(), file, line, column, out, error))
                return false;
        }
        return true;
    }
    if (o.value(QStringLiteral("apiVersion")).toString().isEmpty()) {
        *error = at + QStringLiteral(": error: the object has no apiVersion");
        return false;
    }
    if (o.value(QStringLiteral("kind")).toString().isEmpty()) {
        *error = at + QStringLiteral(": error: the object has no kind");
        return false;
    }
    KubeManifest m{o, file, line, column};
    if (m.name().isEmpty()) {
        *error = at + QStringLiteral(": error: the %1 has no metadata.name").arg(m.kind());
        return false;
    }
    out->append(m);
    return true;
}

int setInPodSpec(QJsonObject &podSpec, const QMap<QString, QString> &images)
{
    int changed = 0;
    for (const QString &key : {QStringLiteral("initContainers"), QStringLiteral("containers")}) {
        QJsonArray list = podSpec.value(key).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonObject c = list.at(i).toObject();
            const QString name = c.value(QStringLiteral("name")).toString();
            const QString image = images.value(name, images.value(QStringLiteral("*")));
            if (!image.isEmpty() && c.value(QStringLiteral("image")).toString() != image) {
                c.insert(QStringLiteral("image"), image);
                list.replace(i, c);
                ++changed;
            }
        }
        if (podSpec.contains(key))
            podSpec.insert(key, list);
    }
    return changed;
}

// Applies `fn` to the object at `path` (a chain of keys), writing the result back.
template<typename F>
int atPath(QJsonObject &root, QStringList path, F &&fn)
{
    if (path.isEmpty())
        return fn(root);
    const QString key = path.takeFirst();
    if (!root.value(key).isObject())
        return 0;
    QJsonObject child = root.value(key).toObject();
    const int n = atPath(child, path, fn);
    if (n)
        root.insert(key, child);
    return n;
}

} // namespace

bool KubeManifestLoader::loadText(const QByteArray &text, const QString &name,
                                  QList<KubeManifest> *out, QString *error)
{
    QList<KubeYaml::Document> docs;
    if (!KubeYaml::parseAll(text, name, &docs, error)) {
        error->insert(error->indexOf(QStringLiteral(": ")) + 2, QStringLiteral("error: "));
        return false;
    }
    for (const KubeYaml::Document &d : docs) {
        if (d.value.isNull())
            continue; // an empty document, e.g. after a trailing ---
        if (!d.value.isObject()) {
            *error = QStringLiteral("%1:%2:%3: error: a manifest document must be a mapping")
                         .arg(name)
                         .arg(d.line)
                         .arg(d.column);
            return false;
        }
        if (!addObject(d.value.toObject(), name, d.line, d.column, out, error))
            return false;
    }
    return true;
}

bool KubeManifestLoader::load(const QStringList &paths, const QString &baseDir,
                              QList<KubeManifest> *out, QString *error)
{
    for (const QString &p : paths) {
        const QString abs = QDir(baseDir).absoluteFilePath(p);
        const QFileInfo info(abs);
        QStringList files;
        if (info.isDir()) {
            const QDir dir(abs);
            for (const QString &f :
                 dir.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml"),
                                QStringLiteral("*.json")},
                               QDir::Files, QDir::Name))
                files.append(dir.filePath(f));
            if (files.isEmpty()) {
                *error = QStringLiteral("%1: error: the folder holds no .yaml, .yml or .json "
                                        "manifest")
                             .arg(p);
                return false;
            }
        } else if (info.isFile()) {
            files.append(abs);
        } else {
            *error = QStringLiteral("%1: error: no such manifest file or folder").arg(p);
            return false;
        }
        for (const QString &f : files) {
            QFile file(f);
            if (!file.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("%1: error: cannot read: %2").arg(f, file.errorString());
                return false;
            }
            if (!loadText(file.readAll(), f, out, error))
                return false;
        }
    }
    return true;
}

int KubeManifestLoader::setImages(QList<KubeManifest> &manifests,
                                  const QMap<QString, QString> &images)
{
    if (images.isEmpty())
        return 0;
    int changed = 0;
    auto onPodSpec = [&](QJsonObject &spec) { return setInPodSpec(spec, images); };
    for (KubeManifest &m : manifests) {
        const QString kind = m.kind();
        if (kind == QLatin1String("Pod"))
            changed += atPath(m.object, {QStringLiteral("spec")}, onPodSpec);
        else if (kind == QLatin1String("CronJob"))
            changed += atPath(m.object,
                              {QStringLiteral("spec"), QStringLiteral("jobTemplate"),
                               QStringLiteral("spec"), QStringLiteral("template"),
                               QStringLiteral("spec")},
                              onPodSpec);
        else
            changed += atPath(m.object,
                              {QStringLiteral("spec"), QStringLiteral("template"),
                               QStringLiteral("spec")},
                              onPodSpec);
    }
    return changed;
}

} // namespace pw::core
