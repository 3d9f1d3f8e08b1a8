#include "pipelineeditordocument.h"

#include "autolayoutcommand.h"
#include "movenodescommand.h"
#include "nodegeometry.h"
#include "sugiyamalayout.h"
#include "texteditcommand.h"

#include "core/pipeline/stepkindregistry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUndoStack>

namespace pw::ui {

namespace {
const QString layoutFileName = QStringLiteral(".pipewright.layout.json");
const QString clipSeparator = QStringLiteral("\n---8<---\n");
} // namespace

PipelineEditorDocument::PipelineEditorDocument(QObject *parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
{
    connect(m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

void PipelineEditorDocument::reset(const QString &text, const QString &path)
{
    m_path = path;
    m_undo->clear();
    m_positions.clear();
    m_pinned.clear();
    m_pipeline = {};
    loadLayoutFile();
    applyText(text);
    m_undo->setClean();
}

bool PipelineEditorDocument::isModified() const
{
    return !m_undo->isClean();
}

void PipelineEditorDocument::applyText(const QString &text)
{
    m_text = text;
    const core::PipelineLoadResult result = core::PipelineLoader::loadFromText(
        text.toUtf8(), m_path.isEmpty() ? QStringLiteral("pipeline.yml") : m_path);
    m_diagnostics = result.diagnostics;
    // Text that no longer reads as a pipeline at all (a YAML syntax error mid-typing) keeps
    // the last good graph on screen; problems the loader could read around update it.
    const bool readable = result.ok() || !result.pipeline.stages.isEmpty()
        || m_pipeline.stages.isEmpty();
    m_graphStale = !readable;
    emit textChanged();
    emit diagnosticsChanged();
    if (readable && !(result.pipeline == m_pipeline && !m_pipeline.stages.isEmpty())) {
        m_pipeline = result.pipeline;
        relayout();
        emit pipelineChanged();
        emit positionsChanged(true);
    } else if (readable) {
        m_pipeline = result.pipeline; // same meaning; keep the new source locations
    }
}

void PipelineEditorDocument::relayout()
{
    QList<SugiyamaLayout::Node> nodes;
    QList<SugiyamaLayout::Edge> edges;
    QHash<QString, int> index;
    for (const core::StageSpec &stage : std::as_const(m_pipeline.stages)) {
        if (index.contains(stage.id))
            continue;
        index.insert(stage.id, int(nodes.size()));
        SugiyamaLayout::Node node;
        node.id = stage.id;
        node.size = NodeGeometry::size(stage);
        node.pinned = m_pinned.contains(stage.id) && m_positions.contains(stage.id);
        node.pinnedPosition = m_positions.value(stage.id);
        nodes.append(node);
    }
    for (const core::StageSpec &stage : std::as_const(m_pipeline.stages)) {
        for (const QString &need : stage.needs) {
            if (index.contains(need))
                edges.append({index.value(need), index.value(stage.id)});
        }
    }
    const QList<QPointF> points = SugiyamaLayout::compute(nodes, edges);
    QHash<QString, QPointF> positions;
    for (int i = 0; i < nodes.size(); ++i)
        positions.insert(nodes[i].id, points[i]);
    m_positions = positions;
}

void PipelineEditorDocument::applyPositions(const QHash<QString, QPointF> &positions, bool pin)
{
    for (auto it = positions.cbegin(); it != positions.cend(); ++it) {
        m_positions.insert(it.key(), it.value());
        if (pin)
            m_pinned.insert(it.key());
        else
            m_pinned.remove(it.key());
    }
    if (!pin)
        relayout();
    emit positionsChanged(!pin);
}

void PipelineEditorDocument::applyPinned(const QSet<QString> &pinned)
{
    m_pinned = pinned;
    relayout();
    emit positionsChanged(true);
}

void PipelineEditorDocument::moveNodes(const QHash<QString, QPointF> &positions,
                                       quint64 dragId)
{
    QHash<QString, QPointF> before;
    for (auto it = positions.cbegin(); it != positions.cend(); ++it)
        before.insert(it.key(), m_positions.value(it.key()));
    m_undo->push(new MoveNodesCommand(this, before, positions, dragId));
}

void PipelineEditorDocument::autoLayout()
{
    if (m_pinned.isEmpty())
        return;
    m_undo->push(new AutoLayoutCommand(this, m_pinned, m_positions));
}

bool PipelineEditorDocument::edit(const QString &label,
                                  const std::function<bool(core::PipelineSource &)> &change,
                                  UndoCommandId mergeId, const QString &mergeKey)
{
    core::PipelineSource source(m_text);
    if (!change(source)) {
        m_error = source.lastError();
        return false;
    }
    const QString after = source.text();
    if (after == m_text)
        return true;
    m_undo->push(new TextEditCommand(this, label, m_text, after, mergeId, mergeKey));
    return true;
}

QString PipelineEditorDocument::uniqueStageId(const QString &base) const
{
    QString stem = base;
    // "build-2" copies to "build-3", not "build-2-2".
    const qsizetype dash = stem.lastIndexOf(u'-');
    bool numeric = false;
    if (dash > 0)
        stem.mid(dash + 1).toInt(&numeric);
    if (numeric)
        stem.truncate(dash);
    if (!m_pipeline.stage(base) && !base.isEmpty())
        return base;
    for (int n = 2;; ++n) {
        const QString id = QStringLiteral("%1-%2").arg(stem).arg(n);
        if (!m_pipeline.stage(id))
            return id;
    }
}

bool PipelineEditorDocument::addStage(const core::StageSpec &stage)
{
    return edit(tr("Add stage %1").arg(stage.id),
                [&](core::PipelineSource &s) { return s.addStage(stage); });
}

QString PipelineEditorDocument::addNewStage()
{
    core::StageSpec stage;
    stage.id = uniqueStageId(QStringLiteral("stage-1"));
    core::StepSpec step;
    step.kind = QStringLiteral("run");
    step.params.insert(QStringLiteral("command"), QStringLiteral("echo %1").arg(stage.id));
    stage.steps = {step};
    return addStage(stage) ? stage.id : QString();
}

bool PipelineEditorDocument::removeStages(const QStringList &ids)
{
    if (ids.isEmpty())
        return false;
    return edit(ids.size() == 1 ? tr("Delete stage %1").arg(ids.first())
                                : tr("Delete %1 stages").arg(ids.size()),
                [&](core::PipelineSource &s) {
                    for (const QString &id : ids) {
                        if (!s.removeStage(id))
                            return false;
                    }
                    // Stages that needed a deleted one no longer do.
                    const core::Pipeline p = s.load(QString()).pipeline;
                    for (const core::StageSpec &stage : p.stages) {
                        for (const QString &need : stage.needs) {
                            if (ids.contains(need))
                                s.removeNeed(stage.id, need);
                        }
                    }
                    return true;
                });
}

bool PipelineEditorDocument::renameStage(const QString &oldId, const QString &newId)
{
    if (newId.isEmpty() || (newId != oldId && m_pipeline.stage(newId))) {
        m_error = tr("A stage with id \"%1\" exists already.").arg(newId);
        return false;
    }
    const bool ok = edit(tr("Rename stage %1 to %2").arg(oldId, newId),
                         [&](core::PipelineSource &s) { return s.renameStage(oldId, newId); });
    if (ok && m_positions.contains(oldId)) {
        m_positions.insert(newId, m_positions.value(oldId));
        if (m_pinned.remove(oldId))
            m_pinned.insert(newId);
    }
    return ok;
}

bool PipelineEditorDocument::setStageValue(const QString &stageId, const QString &key,
                                           const QString &yamlValue)
{
    return edit(tr("Change %1 of %2").arg(key, stageId),
                [&](core::PipelineSource &s) { return s.setStageValue(stageId, key, yamlValue); },
                UndoCommandId::FieldEdit, stageId + u'/' + key);
}

bool PipelineEditorDocument::removeStageKey(const QString &stageId, const QString &key)
{
    return edit(tr("Clear %1 of %2").arg(key, stageId),
                [&](core::PipelineSource &s) { return s.removeStageKey(stageId, key); });
}

bool PipelineEditorDocument::canAddNeed(const QString &stageId, const QString &need,
                                        QString *why) const
{
    auto refuse = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    const core::StageSpec *stage = m_pipeline.stage(stageId);
    if (!stage || !m_pipeline.stage(need))
        return refuse(tr("Unknown stage."));
    if (stageId == need)
        return refuse(tr("A stage cannot need itself."));
    if (stage->needs.contains(need))
        return refuse(tr("%1 already needs %2.").arg(stageId, need));
    const QStringList cycle = m_pipeline.cycleIfNeeded(stageId, need);
    if (!cycle.isEmpty())
        return refuse(tr("That would make a cycle: %1.").arg(cycle.join(QStringLiteral(" → "))));
    return true;
}

bool PipelineEditorDocument::addNeed(const QString &stageId, const QString &need)
{
    if (!canAddNeed(stageId, need, &m_error))
        return false;
    return edit(tr("Make %1 need %2").arg(stageId, need),
                [&](core::PipelineSource &s) { return s.addNeed(stageId, need); });
}

bool PipelineEditorDocument::removeNeed(const QString &stageId, const QString &need)
{
    return edit(tr("Remove %1's need of %2").arg(stageId, need),
                [&](core::PipelineSource &s) { return s.removeNeed(stageId, need); });
}

bool PipelineEditorDocument::addStep(const QString &stageId, const core::StepSpec &step,
                                     int index)
{
    return edit(tr("Add %1 step to %2").arg(step.kind, stageId),
                [&](core::PipelineSource &s) { return s.addStep(stageId, step, index); });
}

bool PipelineEditorDocument::addStepOfKind(const QString &stageId, const QString &kind)
{
    const core::StepKind *k = core::StepKindRegistry::instance().find(kind);
    if (!k) {
        m_error = tr("Unknown step kind %1.").arg(kind);
        return false;
    }
    core::StepSpec step;
    step.kind = kind;
    // Required fields start empty: the file then fails validation on exactly those fields,
    // the Problems list and the inspector point at them, and nothing half-made can run.
    for (const core::StepField &field : k->fields) {
        if (!field.required)
            continue;
        using T = core::StepField::Type;
        if (field.type == T::StringList)
            step.params.insert(field.name, QStringList{});
        else if (field.type == T::StringMap)
            step.params.insert(field.name, QVariantMap{});
        else
            step.params.insert(field.name, QString());
    }
    return addStep(stageId, step);
}

bool PipelineEditorDocument::removeStep(const QString &stageId, int index)
{
    return edit(tr("Delete step %1 of %2").arg(index + 1).arg(stageId),
                [&](core::PipelineSource &s) { return s.removeStep(stageId, index); });
}

bool PipelineEditorDocument::setStepValue(const QString &stageId, int index,
                                          const QString &field, const QString &yamlValue)
{
    return edit(tr("Change %1 of step %2").arg(field).arg(index + 1),
                [&](core::PipelineSource &s) {
                    return s.setStepValue(stageId, index, field, yamlValue);
                },
                UndoCommandId::FieldEdit,
                QStringLiteral("%1/%2/%3").arg(stageId).arg(index).arg(field));
}

QString PipelineEditorDocument::copyStages(const QStringList &ids) const
{
    const core::PipelineSource source(m_text);
    QStringList parts;
    for (const core::StageSpec &stage : m_pipeline.stages) { // file order
        if (ids.contains(stage.id))
            parts.append(source.stageText(stage.id));
    }
    return parts.join(clipSeparator);
}

QStringList PipelineEditorDocument::pasteStages(const QString &clip)
{
    const QStringList parts = clip.split(clipSeparator, Qt::SkipEmptyParts);
    // Fresh ids for every pasted stage; needs among the pasted stages follow them.
    QHash<QString, QString> idMap;
    QSet<QString> taken;
    for (const core::StageSpec &s : m_pipeline.stages)
        taken.insert(s.id);
    QStringList newIds;
    for (const QString &part : parts) {
        const core::PipelineLoadResult r = core::PipelineLoader::loadFromText(
            (QStringLiteral("version: 1\nstages:\n") + part).toUtf8(), QString());
        if (r.pipeline.stages.size() != 1)
            return {};
        const QString old = r.pipeline.stages.first().id;
        QString id = old;
        for (int n = 2; taken.contains(id); ++n)
            id = QStringLiteral("%1-%2").arg(old).arg(n);
        taken.insert(id);
        idMap.insert(old, id);
        newIds.append(id);
    }
    const bool ok = edit(newIds.size() == 1 ? tr("Paste stage %1").arg(newIds.first())
                                            : tr("Paste %1 stages").arg(newIds.size()),
                         [&](core::PipelineSource &s) {
                             for (const QString &part : parts) {
                                 if (!s.addStageText(part, idMap))
                                     return false;
                             }
                             return true;
                         });
    return ok ? newIds : QStringList();
}

QStringList PipelineEditorDocument::duplicateStages(const QStringList &ids)
{
    return pasteStages(copyStages(ids));
}

void PipelineEditorDocument::setTextFromEditor(const QString &text)
{
    if (text == m_text)
        return;
    m_undo->push(new TextEditCommand(this, tr("Edit YAML"), m_text, text,
                                     UndoCommandId::TextTyping, QStringLiteral("yaml")));
}

QString PipelineEditorDocument::layoutFilePath() const
{
    if (m_path.isEmpty())
        return {};
    return QFileInfo(m_path).absoluteDir().filePath(layoutFileName);
}

void PipelineEditorDocument::loadLayoutFile()
{
    QFile file(layoutFilePath());
    if (m_path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return;
    // One file per folder, keyed by pipeline file name: several pipelines may sit together.
    const QJsonObject all = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject nodes = all.value(QFileInfo(m_path).fileName()).toObject()
                                  .value(QStringLiteral("pinned")).toObject();
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const QJsonObject p = it.value().toObject();
        m_positions.insert(it.key(), QPointF(p.value(QStringLiteral("x")).toDouble(),
                                             p.value(QStringLiteral("y")).toDouble()));
        m_pinned.insert(it.key());
    }
}

bool PipelineEditorDocument::saveLayoutFile(QString *error) const
{
    const QString path = layoutFilePath();
    QJsonObject all;
    {
        QFile existing(path);
        if (existing.open(QIODevice::ReadOnly))
            all = QJsonDocument::fromJson(existing.readAll()).object();
    }
    const QString key = QFileInfo(m_path).fileName();
    if (m_pinned.isEmpty() && !all.contains(key))
        return true; // nothing placed by hand: no side file appears
    QJsonObject nodes;
    QStringList ids(m_pinned.cbegin(), m_pinned.cend());
    ids.sort();
    for (const QString &id : ids) {
        if (!m_pipeline.stage(id))
            continue;
        const QPointF p = m_positions.value(id);
        nodes.insert(id, QJsonObject{{QStringLiteral("x"), qRound(p.x())},
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

bool PipelineEditorDocument::save(QString *error)
{
    return saveAs(m_path, error);
}

bool PipelineEditorDocument::saveAs(const QString &path, QString *error)
{
    if (path.isEmpty()) {
        if (error)
            *error = tr("No file name.");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(m_text.toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    saveLayoutFile(error); // the layout is a convenience: the pipeline is saved regardless
    m_undo->setClean();
    emit saved();
    return true;
}

} // namespace pw::ui
