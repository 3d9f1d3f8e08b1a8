#pragma once

#include "undocommandid.h"

#include "core/pipeline/pipelineloader.h"
#include "core/pipeline/source/pipelinesource.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QSet>

#include <functional>

class QUndoStack;

namespace pw::ui {

// The pipeline being edited: its text (the truth, edited losslessly through PipelineSource),
// the model re-read from it, the node positions and the undo stack. Every change from the
// graph, the inspector or the YAML pane is one QUndoCommand pushed here; views observe the
// signals. Positions live in `.pipewright.layout.json` beside the file, never in the YAML.
// Owned by the Pipeline area.
class PipelineEditorDocument : public QObject
{
    Q_OBJECT

public:
    explicit PipelineEditorDocument(QObject *parent = nullptr);

    // Replaces everything (a file was opened): clears the undo history.
    void reset(const QString &text, const QString &path);

    QString text() const { return m_text; }
    QString path() const { return m_path; }
    // The graph shown: the last text that could be read; diagnostics are the current text's.
    const core::Pipeline &pipeline() const { return m_pipeline; }
    const core::Diagnostics &diagnostics() const { return m_diagnostics; }
    bool isGraphStale() const { return m_graphStale; }
    QUndoStack *undoStack() const { return m_undo; }
    bool isModified() const;
    QString lastError() const { return m_error; }

    // Edits: one undo step each; false (nothing changes, lastError() says why) when refused.
    bool addStage(const core::StageSpec &stage);
    QString addNewStage(); // "stage-N" with one empty shell step; returns its id
    bool removeStages(const QStringList &ids);
    bool renameStage(const QString &oldId, const QString &newId);
    bool setStageValue(const QString &stageId, const QString &key, const QString &yamlValue);
    bool removeStageKey(const QString &stageId, const QString &key);
    bool addNeed(const QString &stageId, const QString &need);
    bool removeNeed(const QString &stageId, const QString &need);
    // Whether stageId may need `need`: not itself, not twice, and no cycle.
    bool canAddNeed(const QString &stageId, const QString &need, QString *why) const;
    bool addStep(const QString &stageId, const core::StepSpec &step, int index = -1);
    bool addStepOfKind(const QString &stageId, const QString &kind);
    bool removeStep(const QString &stageId, int index);
    bool setStepValue(const QString &stageId, int index, const QString &field,
                      const QString &yamlValue);
    // Text of the stages, comments included, for the clipboard.
    QString copyStages(const QStringList &ids) const;
    // Adds the stages of copyStages() text under fresh ids; returns them.
    QStringList pasteStages(const QString &clip);
    QStringList duplicateStages(const QStringList &ids);
    // The YAML pane's text after typing; consecutive calls merge into one undo step.
    void setTextFromEditor(const QString &text);
    QString uniqueStageId(const QString &base) const;

    // Layout.
    QHash<QString, QPointF> positions() const { return m_positions; }
    QPointF position(const QString &id) const { return m_positions.value(id); }
    bool isPinned(const QString &id) const { return m_pinned.contains(id); }
    // A drag of nodes: pins them; calls with the same dragId merge into one undo step.
    void moveNodes(const QHash<QString, QPointF> &positions, quint64 dragId);
    // Unpins every node and lays the graph out again (one undo step).
    void autoLayout();
    QString layoutFilePath() const;

    bool save(QString *error);
    bool saveAs(const QString &path, QString *error);

    // For the undo commands.
    void applyText(const QString &text);
    void applyPositions(const QHash<QString, QPointF> &positions, bool pin);
    void applyPinned(const QSet<QString> &pinned);

signals:
    void textChanged();
    void pipelineChanged();
    void positionsChanged(bool animate);
    void diagnosticsChanged();
    void modifiedChanged(bool modified);
    void saved();

private:
    bool edit(const QString &label, const std::function<bool(core::PipelineSource &)> &change,
              UndoCommandId mergeId = UndoCommandId::None, const QString &mergeKey = {});
    void relayout();
    void loadLayoutFile();
    bool saveLayoutFile(QString *error) const;

    QUndoStack *m_undo;
    QString m_path;
    QString m_text;
    core::Pipeline m_pipeline;
    core::Diagnostics m_diagnostics;
    bool m_graphStale = false;
    QHash<QString, QPointF> m_positions;
    QSet<QString> m_pinned;
    mutable QString m_error;
};

} // namespace pw::ui
