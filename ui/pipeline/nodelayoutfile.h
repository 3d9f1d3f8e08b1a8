#pragma once

#include "core/pipeline/pipeline.h"

#include <QHash>
#include <QPointF>
#include <QSet>
#include <QString>

namespace pw::ui {

// The hand-placed node positions of the pipelines in one folder, kept in
// `.pipewright.layout.json` beside them (never in the YAML, so the pipeline file stays the
// same whatever the graph looks like). Keyed by pipeline file name: several pipelines may
// share a folder. Used by the PipelineDocument when it opens and saves.
class NodeLayoutFile
{
public:
    static QString pathFor(const QString &pipelineFile);
    // The pinned positions stored for pipelineFile (none when there is no side file).
    static QHash<QString, QPointF> load(const QString &pipelineFile);
    // Stores the pinned positions of pipeline's stages; no side file appears while nothing
    // was placed by hand. False with error on failure.
    static bool save(const QString &pipelineFile, const core::Pipeline &pipeline,
                     const QHash<QString, QPointF> &positions, const QSet<QString> &pinned,
                     QString *error);
};

} // namespace pw::ui
