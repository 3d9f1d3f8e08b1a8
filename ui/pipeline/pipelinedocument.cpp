#include "pipelinedocument.h"

#include "autolayoutcommand.h"
#include "movenodescommand.h"
#include "nodegeometry.h"
#include "nodelayoutfile.h"
#include "pipelinefilewatcher.h"
#include "pipelineloadworker.h"
#include "sugiyamalayout.h"
#include "texteditcommand.h"

#include "core/pipeline/stepkindregistry.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QUndoStack>

namespace pw::ui {

namespace {
const QString clipSeparator = QStringLiteral("\n---8<---\n");
} // namespace

PipelineDocument::PipelineDocument(QObject *parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
    , m_watcher(new PipelineFileWatcher(this))
{
    qRegisterMetaType<core::PipelineLoadResult>();
    m_thread.setObjectName(QStringLiteral("PipelineLoader"));
    m_worker = new PipelineLoadWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PipelineLoadWorker::loaded, this, &PipelineDocument::onRead);
    m_thread.start();
    connect(m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
    connect(m_watcher, &PipelineFileWatcher::changed, this, &PipelineDocument::checkDisk);
}

PipelineDocument::~PipelineDocument()
{
    // A read in progress finishes first; its result is then dropped with the queued signal.
    m_thread.quit();
    m_thread.wait();
}

// -- The file ----------------------------------------------------------------------------

void PipelineDocument::setPath(const QString &path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    m_watcher->setPath(absolute);
    if (absolute == m_path)
        return;
    m_path = absolute;
    emit pathChanged(m_path);
}

bool PipelineDocument::open(const QString &path)
{
    if (path.isEmpty())
        return false;
    setPath(path);
    m_loading = true;
    m_diskChangePending = false;
    requestRead(ReadPurpose::Open);
    emit loadStarted(m_path);
    return true;
}

bool PipelineDocument::reload()
{
    return hasFile() && open(m_path);
}

void PipelineDocument::reset(const QString &text, const QString &path)
{
    ++m_generation; // an answer to an earlier read no longer applies
    setPath(path);
    m_loading = false;
    m_ioError = false;
    m_diskChangePending = false;
    m_diskText = text;
    resetContent(text);
}

void PipelineDocument::requestRead(ReadPurpose purpose)
{
    const quint64 generation = ++m_generation;
    m_purpose = purpose;
    PipelineLoadWorker *worker = m_worker;
    const QString path = m_path;
    QMetaObject::invokeMethod(
        worker, [worker, generation, path] { worker->load(generation, path); },
        Qt::QueuedConnection);
}

void PipelineDocument::checkDisk()
{
    // An open under way reads the newest text anyway.
    if (hasFile() && !m_loading)
        requestRead(ReadPurpose::DiskCheck);
}

void PipelineDocument::onRead(quint64 generation, const QString &path,
                              const core::PipelineLoadResult &result, const QString &text)
{
    if (generation != m_generation || path != m_path)
        return; // an answer to a request that a newer one replaced
    if (m_purpose == ReadPurpose::Open) {
        m_loading = false;
        m_ioError = result.ioError;
        m_diskText = text;
        resetContent(text);
        if (m_ioError) {
            // Nothing to edit: the problems list says why the file could not be read.
            m_diagnostics = result.diagnostics;
            emit diagnosticsChanged();
        }
        emit loaded();
        emit savedStateChanged();
        return;
    }
    // A change on disk. A file missing for a moment (an editor replacing it) is seen again
    // by the watcher when it reappears; text equal to the last read or write is no change.
    if (result.ioError || text == m_diskText)
        return;
    flushPendingEdits(); // typing not yet handed in counts as an unsaved edit
    if (!isModified()) {
        m_diskText = text;
        takeDiskText(text);
        emit savedStateChanged();
        return;
    }
    m_pendingDiskText = text;
    if (!m_diskChangePending) {
        m_diskChangePending = true;
        emit changedOnDisk();
    }
}

void PipelineDocument::takeDiskText(const QString &text)
{
    // One undo step, so a surprising change from outside can be undone like any edit.
    if (text != m_text)
        m_undo->push(new TextEditCommand(this, tr("Reload from disk"), m_text, text));
    m_undo->setClean();
}

void PipelineDocument::acceptDiskChange()
{
    if (!m_diskChangePending)
        return;
    m_diskChangePending = false;
    m_diskText = m_pendingDiskText;
    takeDiskText(m_pendingDiskText);
    emit savedStateChanged();
}

void PipelineDocument::keepEditsOverDiskChange()
{
    if (!m_diskChangePending)
        return;
    m_diskChangePending = false;
    m_diskText = m_pendingDiskText;
    // The text the undo history called clean is no longer the file's: no step returns to it.
    m_undo->resetClean();
}

bool PipelineDocument::isModified() const
{
    return !m_undo->isClean();
}

void PipelineDocument::flushPendingEdits()
{
    emit pendingEditsRequested();
}

QString PipelineDocument::runBlocker() const
{
    const QString name = QFileInfo(m_path).fileName();
    if (!hasFile())
        return tr("Open a pipeline file to run it");
    if (m_loading)
        return tr("%1 is still being read").arg(name);
    if (m_ioError && !isModified())
        return tr("%1 could not be read: see Problems").arg(name);
    if (m_graphStale || core::hasErrors(m_diagnostics))
        return tr("%1 has errors: see Problems").arg(name);
    return {};
}

bool PipelineDocument::save(QString *error)
{
    flushPendingEdits();
    return write(m_path, error);
}

bool PipelineDocument::saveAs(const QString &path, QString *error)
{
    flushPendingEdits();
    return write(path, error);
}

bool PipelineDocument::write(const QString &path, QString *error)
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
    m_diskText = m_text;
    m_ioError = false;
    m_diskChangePending = false;
    const QString before = m_path;
    setPath(path);
    if (m_path != before)
        applyText(m_text); // problems name the new file
    m_watcher->rewatch();
    // The layout is a convenience: the pipeline is saved regardless.
    NodeLayoutFile::save(m_path, m_pipeline, m_positions, m_pinned, nullptr);
    m_undo->setClean();
    emit saved();
    emit savedStateChanged();
    return true;
}

// -- The content -------------------------------------------------------------------------

void PipelineDocument::resetContent(const QString &text)
{
    m_undo->clear();
    m_positions = NodeLayoutFile::load(m_path);
    m_pinned = QSet<QString>(m_positions.keyBegin(), m_positions.keyEnd());
    m_pipeline = {};
    applyText(text);
    m_undo->setClean();
}

void PipelineDocument::applyText(const QString &text)
{
    m_text = text;
    const core::PipelineLoadResult result
        = core::PipelineLoader::loadFromText(text.toUtf8(),
                                             m_path.isEmpty() ? QStringLiteral("pipeline.yml")
                                                              : m_path);
    m_diagnostics = result.diagnostics;
    // Text that no longer reads as a pipeline at all (a YAML syntax error mid-typing) keeps
    // the last good graph on screen; problems the loader could read around update it.
    const bool readable
        = result.ok() || !result.pipeline.stages.isEmpty() || m_pipeline.stages.isEmpty();
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

void PipelineDocument::relayout()
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

void PipelineDocument::applyPositions(const QHash<QString, QPointF> &positions, bool pin)
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

void PipelineDocument::applyPinned(const QSet<QString> &pinned)
{
    m_pinned = pinned;
    relayout();
    emit positionsChanged(true);
}

void PipelineDocument::moveNodes(const QHash<QString, QPointF> &positions, quint64 dragId)
{
    QHash<QString, QPointF> before;
    for (auto it = positions.cbegin(); it != positions.cend(); ++it)
        before.insert(it.key(), m_positions.value(it.key()));
    m_undo->push(new MoveNodesCommand(this, before, positions, dragId));
}

void PipelineDocument::autoLayout()
{
    if (m_pinned.isEmpty())
        return;
    m_undo->push(new AutoLayoutCommand(this, m_pinned, m_positions));
}

bool PipelineDocument::edit(const QString &label,
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

QString PipelineDocument::uniqueStageId(const QString &base) const
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

bool PipelineDocument::addStage(const core::StageSpec &stage)
{
    return edit(tr("Add stage %1").arg(stage.id),
                [&](core::PipelineSource &s) { return s.addStage(stage); });
}

QString PipelineDocument::addNewStage()
{
    core::StageSpec stage;
    stage.id = uniqueStageId(QStringLiteral("stage-1"));
    core::StepSpec step;
    step.kind = QStringLiteral("run");
    step.params.insert(QStringLiteral("command"), QStringLiteral("echo %1").arg(stage.id));
    stage.steps = {step};
    return addStage(stage) ? stage.id : QString();
}

bool PipelineDocument::removeStages(const QStringList &ids)
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

bool PipelineDocument::renameStage(const QString &oldId, const QString &newId)
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

bool PipelineDocument::setStageValue(const QString &stageId, const QString &key,
                                     const QString &yamlValue)
{
    return edit(
        tr("Change %1 of %2").arg(key, stageId),
        [&](core::PipelineSource &s) { return s.setStageValue(stageId, key, yamlValue); },
        UndoCommandId::FieldEdit, stageId + u'/' + key);
}

bool PipelineDocument::removeStageKey(const QString &stageId, const QString &key)
{
    return edit(tr("Clear %1 of %2").arg(key, stageId),
                [&](core::PipelineSource &s) { return s.removeStageKey(stageId, key); });
}

bool PipelineDocument::canAddNeed(const QString &stageId, const QString &need, QString *why) const
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

bool PipelineDocument::addNeed(const QString &stageId, const QString &need)
{
    if (!canAddNeed(stageId, need, &m_error))
        return false;
    return edit(tr("Make %1 need %2").arg(stageId, need),
                [&](core::PipelineSource &s) { return s.addNeed(stageId, need); });
}

bool PipelineDocument::removeNeed(const QString &stageId, const QString &need)
{
    return edit(tr("Remove %1's need of %2").arg(stageId, need),
                [&](core::PipelineSource &s) { return s.removeNeed(stageId, need); });
}

bool PipelineDocument::addStep(const QString &stageId, const core::StepSpec &step, int index)
{
    return edit(tr("Add %1 step to %2").arg(step.kind, stageId),
                [&](core::PipelineSource &s) { return s.addStep(stageId, step, index); });
}

bool PipelineDocument::addStepOfKind(const QString &stageId, const QString &kind)
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

bool PipelineDocument::removeStep(const QString &stageId, int index)
{
    return edit(tr("Delete step %1 of %2").arg(index + 1).arg(stageId),
                [&](core::PipelineSource &s) { return s.removeStep(stageId, index); });
}

bool PipelineDocument::setStepValue(const QString &stageId, int index, const QString &field,
                                    const QString &yamlValue)
{
    return edit(
        tr("Change %1 of step %2").arg(field).arg(index + 1),
        [&](core::PipelineSource &s) { return s.setStepValue(stageId, index, field, yamlValue); },
        UndoCommandId::FieldEdit, QStringLiteral("%1/%2/%3").arg(stageId).arg(index).arg(field));
}

QString PipelineDocument::copyStages(const QStringList &ids) const
{
    const core::PipelineSource source(m_text);
    QStringList parts;
    for (const core::StageSpec &stage : m_pipeline.stages) { // file order
        if (ids.contains(stage.id))
            parts.append(source.stageText(stage.id));
    }
    return parts.join(clipSeparator);
}

QStringList PipelineDocument::pasteStages(const QString &clip)
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

QStringList PipelineDocument::duplicateStages(const QStringList &ids)
{
    return pasteStages(copyStages(ids));
}

void PipelineDocument::setTextFromEditor(const QString &text)
{
    if (text == m_text)
        return;
    m_undo->push(new TextEditCommand(this, tr("Edit YAML"), m_text, text, UndoCommandId::TextTyping,
                                     QStringLiteral("yaml")));
}

QString PipelineDocument::layoutFilePath() const
{
    return NodeLayoutFile::pathFor(m_path);
}

} // namespace pw::ui
