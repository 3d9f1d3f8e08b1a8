#pragma once

#include "core/run/runstatus.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QMenu;
class QSplitter;
class QToolBar;

namespace pw::core {
class RunEngine;
}

namespace pw::ui {

class MinimapView;
class PipelineDocument;
class PipelineGraphView;
class PipelineScene;
class StageInspector;
class StepPalette;

// The visual editor: palette of step kinds, the stage graph with its minimap, and the
// inspector for the selected stage. Its actions (add, delete, copy/paste, duplicate, zoom,
// fit, arrange, show a stage's log) work while it has focus and are offered to the main
// window's menus; right-clicking a stage offers those that act on it.
class PipelineEditor : public QWidget
{
    Q_OBJECT

public:
    static constexpr int PaletteWidth = 180;
    static constexpr int InspectorWidth = 280;

    explicit PipelineEditor(PipelineDocument *document, QWidget *parent = nullptr);
    ~PipelineEditor() override;

    PipelineScene *scene() const { return m_scene; }
    PipelineGraphView *view() const { return m_view; }
    MinimapView *minimap() const { return m_minimap; }
    StageInspector *inspector() const { return m_inspector; }
    StepPalette *palette() const { return m_palette; }

    QAction *addStageAction() const { return m_addStage; }
    QAction *deleteAction() const { return m_delete; }
    QAction *cutAction() const { return m_cut; }
    QAction *copyAction() const { return m_copy; }
    QAction *pasteAction() const { return m_paste; }
    QAction *duplicateAction() const { return m_duplicate; }
    QAction *selectAllAction() const { return m_selectAll; }
    QAction *fitAction() const { return m_fit; }
    QAction *arrangeAction() const { return m_arrange; }
    QAction *showLogAction() const { return m_showLog; }
    QAction *editYamlAction() const { return m_editYaml; }
    // The stage's right-click menu while it is open (null otherwise).
    QMenu *stageMenu() const;

    void copySelection();
    void paste();
    void deleteSelection();
    void duplicateSelection();

    // Live runs: nodes light up from the engine's stage signals. Optional.
    void setRunEngine(core::RunEngine *engine);

signals:
    void stageActivated(const QString &id);
    // The selected stage's log in the newest run was asked for.
    void stageLogRequested(const QString &id);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QAction *makeAction(const QString &text, const QKeySequence &shortcut);
    void placeMinimap();
    void sizePanes();
    void updateStageActions();
    void showStageMenu(const QPoint &viewPos);

    PipelineDocument *m_document;
    PipelineScene *m_scene;
    PipelineGraphView *m_view;
    MinimapView *m_minimap;
    StepPalette *m_palette;
    StageInspector *m_inspector;
    QToolBar *m_toolBar;
    QSplitter *m_splitter;
    bool m_panesMoved = false;
    QAction *m_addStage;
    QAction *m_delete;
    QAction *m_cut;
    QAction *m_copy;
    QAction *m_paste;
    QAction *m_duplicate;
    QAction *m_selectAll;
    QAction *m_zoomIn;
    QAction *m_zoomOut;
    QAction *m_fit;
    QAction *m_arrange;
    QAction *m_showLog;
    QAction *m_editYaml;
    QPointer<QMenu> m_stageMenu;
    qint64 m_runId = -1;
};

} // namespace pw::ui
