#include "nodelayoutfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace pw::ui {

namespace {
const QString layoutFileName = QStringLiteral(".pipewright.layout.json");
} // namespace

QString NodeLayoutFile::pathFor(const QString &pipelineFile)
{
    if (pipelineFile.isEmpty())
        return {};
    return QFileInfo(pipelineFile).absoluteDir().filePath(layoutFileName);
}

QHash<QString, QPointF> NodeLayoutFile::load(const QString &pipelineFile)
{
    QHash<QString, QPointF> positions;
    QFile file(pathFor(pipelineFile));
    if (pipelineFile.isEmpty() || !file.open(QIODevice::ReadOnly))
        return positions;
    const QJsonObject all = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject nodes = all.value(QFileInfo(pipelineFile).fileName())
                                  .toObject()
                                  .value(QStringLiteral("pinned"))
                                  .toObject();
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const QJsonObject p = it.value().toObject();
        positions.insert(it.key(),
                         QPointF(p.value(QStringLiteral("x")).toDouble(),
                                 p.value(QStringLiteral("y")).toDouble()));
    }
    return positions;
}

bool NodeLayoutFile::save(const QString &pipelineFile, const core::Pipeline &pipeline,
                          const QHash<QString, QPointF> &positions, const QSet<QString> &pinned,
                          QString *error)
{
    const QString path = pathFor(pipelineFile);
    QJsonObject all;
    {
        QFile existing(path);
        if (existing.open(QIODevice::ReadOnly))
            all = QJsonDocument::fromJson(existing.readAll()).object();
    }
    const QString key = QFileInfo(pipelineFile).fileName();
    if (pinned.isEmpty() && !all.contains(key))
        return true; // nothing placed by hand: no side file appears
    QJsonObject nodes;
    QStringList ids(pinned.cbegin(), pinned.cend());
    ids.sort();
    for (const QString &id : ids) {
        if (!pipeline.stage(id))
            continue;
        const QPointF p = positions.value(id);
        nodes.insert(id,
                     QJsonObject{{QStringLiteral("x"), qRound(p.x())},
                                 {QStringLiteral("y"), qRound(p.y())}});
    }
    all.insert(key, QJsonObject{{QStringLiteral("pinned"), nodes}});
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(all).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace pw::ui
