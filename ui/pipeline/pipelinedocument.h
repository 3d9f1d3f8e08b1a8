#pragma once

#include "undocommandid.h"

#include "core/pipeline/pipelineloader.h"
#include "core/pipeline/source/pipelinesource.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QSet>
#include <QThread>

#include <functional>

class QUndoStack;

namespace pw::ui {

class PipelineFileWatcher;
class PipelineLoadWorker;

// The one pipeline file open in the app. It owns the file's path, its text (the truth,
// edited losslessly through core's PipelineSource), the model and diagnostics core reads
// from that text, the node positions and the undo stack. Every view observes it — the graph
// editor, the YAML pane, the problems list, the Runs area, the commit trigger,
// Environments, the window title — and every edit is one QUndoCommand pushed here.
// Files are read on a worker thread. The file is watched: a change made outside the app is
// read back at once when there are no unsaved edits, otherwise changedOnDisk() lets the
// Pipeline area ask. Owned by the Pipeline area.
class PipelineDocument : public QObject
{
    Q_OBJECT

public:
    explicit PipelineDocument(QObject *parent = nullptr);
    ~PipelineDocument() override;

    // -- The file --------------------------------------------------------------------------
    // Starts reading path (loadStarted(), then loaded()); false when path is empty.
    bool open(const QString &path);
    // Reads the file again, dropping unsaved edits.
    bool reload();
    // Writes the text (pending edits of the views included). False with error on failure.
    bool save(QString *error);
    // Writes the text to path and makes it the document's file from then on.
    bool saveAs(const QString &path, QString *error);

    QString path() const { return m_path; }
    bool hasFile() const { return !m_path.isEmpty(); }
    bool isLoading() const { return m_loading; }
    // The file could not be read when it was opened (diagnostics say why).
    bool ioError() const { return m_ioError; }
    bool isModified() const;
    // Views that hold edits back (the YAML pane's typing pause, an inspector field being
    // typed into) hand them in now; afterwards text() is what the user sees.
    void flushPendingEdits();
    // Whether the text as it is can run: a file is open and read, the text reads as a
    // pipeline and has no errors. runBlocker() says why not (empty when it can).
    bool isRunnable() const { return runBlocker().isEmpty(); }
    QString runBlocker() const;

    // After changedOnDisk(): take the file's new text (edits are dropped, as one undo step)
    // or keep the edits (the document stays modified against the file).
    void acceptDiskChange();
    void keepEditsOverDiskChange();
    bool hasPendingDiskChange() const { return m_diskChangePending; }

    // Replaces everything with text as the content of path, without reading the file (for
    // a document built in memory: tests, benchmarks). Clears the undo history.
    void reset(const QString &text, const QString &path = QString());

    // -- The content -----------------------------------------------------------------------
    QString text() const { return m_text; }
    // The graph shown: the last text that could be read; diagnostics are the current text's.
    const core::Pipeline &pipeline() const { return m_pipeline; }
    const core::Diagnostics &diagnostics() const { return m_diagnostics; }
    bool isGraphStale() const { return m_graphStale; }
    QUndoStack *undoStack() const { return m_undo; }
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

    // -- Layout ----------------------------------------------------------------------------
    QHash<QString, QPointF> positions() const { return m_positions; }
    QPointF position(const QString &id) const { return m_positions.value(id); }
    bool isPinned(const QString &id) const { return m_pinned.contains(id); }
    // A drag of nodes: pins them; calls with the same dragId merge into one undo step.
    void moveNodes(const QHash<QString, QPointF> &positions, quint64 dragId);
    // Unpins every node and lays the graph out again (one undo step).
    void autoLayout();
    QString layoutFilePath() const;

    // For the undo commands.
    void applyText(const QString &text);
    void applyPositions(const QHash<QString, QPointF> &positions, bool pin);
    void applyPinned(const QSet<QString> &pinned);

signals:
    void loadStarted(const QString &path);
    // A file was opened or reloaded: the text, model and history were replaced.
    void loaded();
    // The text was written to path().
    void saved();
    // The document and its file agree again, at new content: after loaded(), saved(), or a
    // change on disk taken in. Views that follow the file as saved (the commit trigger, the
    // commits list) refresh on it.
    void savedStateChanged();
    // The document's file is another one now (open, Save As).
    void pathChanged(const QString &path);
    // Emitted by flushPendingEdits(), before a save and before a run: views with edits held
    // back apply them (synchronously) to this document.
    void pendingEditsRequested();
    // The file changed outside the app while there are unsaved edits: ask, then
    // acceptDiskChange() or keepEditsOverDiskChange().
    void changedOnDisk();
    void textChanged();
    void pipelineChanged();
    void positionsChanged(bool animate);
    void diagnosticsChanged();
    void modifiedChanged(bool modified);

private:
    enum class ReadPurpose {
        Open,
        DiskCheck
    };

    void requestRead(ReadPurpose purpose);
    void onRead(quint64 generation, const QString &path, const pw::core::PipelineLoadResult &result,
                const QString &text);
    void checkDisk();
    void resetContent(const QString &text);
    void takeDiskText(const QString &text);
    bool write(const QString &path, QString *error);
    bool edit(const QString &label, const std::function<bool(core::PipelineSource &)> &change,
              UndoCommandId mergeId = UndoCommandId::None, const QString &mergeKey = {});
    void relayout();
    void setPath(const QString &path);

    QUndoStack *m_undo;
    QThread m_thread;
    PipelineLoadWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    PipelineFileWatcher *m_watcher;
    quint64 m_generation = 0;
    ReadPurpose m_purpose = ReadPurpose::Open;
    bool m_loading = false;
    bool m_ioError = false;
    QString m_path;
    // The file's text as last read or written here: a change event whose text equals it is
    // the document's own save, or no change at all.
    QString m_diskText;
    bool m_diskChangePending = false;
    QString m_pendingDiskText;

    QString m_text;
    core::Pipeline m_pipeline;
    core::Diagnostics m_diagnostics;
    bool m_graphStale = false;
    QHash<QString, QPointF> m_positions;
    QSet<QString> m_pinned;
    mutable QString m_error;
};

} // namespace pw::ui
