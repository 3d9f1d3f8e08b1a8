#include "pipelineeditor.h"

#include "minimapview.h"
#include "needsedgeitem.h"
#include "pipelinedocument.h"
#include "pipelinegraphview.h"
#include "pipelinescene.h"
#include "stageinspector.h"
#include "stagenodeitem.h"
#include "steppalette.h"

#include "core/engine/runengine.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

namespace pw::ui {

namespace {
const QString clipMime = QStringLiteral("application/x-pipewright-stages");
}

PipelineEditor::PipelineEditor(PipelineDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_scene(new PipelineScene(document, this))
    , m_view(new PipelineGraphView(m_scene))
    , m_minimap(new MinimapView(m_view, m_view))
    , m_palette(new StepPalette)
    , m_inspector(new StageInspector(document))
    , m_toolBar(new QToolBar)
    , m_splitter(new QSplitter(Qt::Horizontal))
{
    m_view->setObjectName(QStringLiteral("graphView"));
    m_palette->setObjectName(QStringLiteral("stepPalette"));
    m_inspector->setObjectName(QStringLiteral("stageInspector"));

    m_addStage = makeAction(tr("Add Stage"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_delete = makeAction(tr("Delete"), QKeySequence::Delete);
    m_cut = makeAction(tr("Cut"), QKeySequence::Cut);
    m_copy = makeAction(tr("Copy"), QKeySequence::Copy);
    m_paste = makeAction(tr("Paste"), QKeySequence::Paste);
    m_duplicate = makeAction(tr("Duplicate"), QKeySequence(Qt::CTRL | Qt::Key_D));
    m_selectAll = makeAction(tr("Select All"), QKeySequence::SelectAll);
    m_zoomIn = makeAction(tr("Zoom In"), QKeySequence::ZoomIn);
    m_zoomOut = makeAction(tr("Zoom Out"), QKeySequence::ZoomOut);
    m_fit = makeAction(tr("Fit"), QKeySequence(Qt::Key_F));
    m_arrange = makeAction(tr("Arrange"), QKeySequence(Qt::CTRL | Qt::Key_L));
    m_arrange->setToolTip(tr("Forget hand-placed positions and lay the graph out again"));
    m_showLog = makeAction(tr("Show Log"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_showLog->setToolTip(tr("The selected stage's log in the newest run (Ctrl+Shift+L)"));
    // No key of its own: Return belongs to the inspector's fields; a double click does it too.
    m_editYaml = makeAction(tr("Edit in YAML"), QKeySequence());

    connect(m_addStage, &QAction::triggered, this, [this] {
        const QString id = m_document->addNewStage();
        if (!id.isEmpty())
            m_scene->selectStages({id});
    });
    connect(m_delete, &QAction::triggered, this, &PipelineEditor::deleteSelection);
    connect(m_cut, &QAction::triggered, this, [this] {
        copySelection();
        deleteSelection();
    });
    connect(m_copy, &QAction::triggered, this, &PipelineEditor::copySelection);
    connect(m_paste, &QAction::triggered, this, &PipelineEditor::paste);
    connect(m_duplicate, &QAction::triggered, this, &PipelineEditor::duplicateSelection);
    connect(m_selectAll, &QAction::triggered, this, [this] {
        for (StageNodeItem *n : m_scene->nodes())
            n->setSelected(true);
    });
    connect(m_zoomIn, &QAction::triggered, m_view, &PipelineGraphView::zoomIn);
    connect(m_zoomOut, &QAction::triggered, m_view, &PipelineGraphView::zoomOut);
    connect(m_fit, &QAction::triggered, m_view, &PipelineGraphView::fitGraph);
    connect(m_arrange, &QAction::triggered, m_document, &PipelineDocument::autoLayout);
    connect(m_showLog, &QAction::triggered, this, [this] {
        const QStringList ids = m_scene->selectedStageIds();
        if (ids.size() == 1)
            emit stageLogRequested(ids.first());
    });
    connect(m_editYaml, &QAction::triggered, this, [this] {
        const QStringList ids = m_scene->selectedStageIds();
        if (ids.size() == 1)
            emit stageActivated(ids.first());
    });
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &PipelineEditor::showStageMenu);

    for (QAction *a : {m_addStage, m_delete, m_duplicate})
        m_toolBar->addAction(a);
    m_toolBar->addSeparator();
    for (QAction *a : {m_zoomIn, m_zoomOut, m_fit, m_arrange})
        m_toolBar->addAction(a);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_showLog);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->setIconSize(QSize(16, 16));

    auto *paletteTitle = new QLabel(tr("Steps"));
    QFont bold = paletteTitle->font();
    bold.setBold(true);
    paletteTitle->setFont(bold);
    auto *paletteBox = new QWidget;
    auto *paletteLayout = new QVBoxLayout(paletteBox);
    paletteLayout->setContentsMargins(6, 4, 0, 0);
    paletteLayout->addWidget(paletteTitle);
    paletteLayout->addWidget(m_palette);

    m_splitter->addWidget(paletteBox);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_inspector);
    // Palette and inspector keep their width; the graph takes what the window gains.
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setChildrenCollapsible(false);
    m_palette->setMinimumWidth(120);
    m_inspector->setMinimumWidth(220);
    m_view->setMinimumWidth(200);
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] { m_panesMoved = true; });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_splitter, 1);

    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        const QStringList ids = m_scene->selectedStageIds();
        if (ids.size() == 1)
            m_inspector->setStage(ids.first());
        else if (ids.isEmpty())
            m_inspector->setStage({});
        updateStageActions();
    });
    updateStageActions();
    connect(m_scene, &PipelineScene::stageActivated, this, &PipelineEditor::stageActivated);
    connect(m_view, &PipelineGraphView::viewportChanged, this, &PipelineEditor::placeMinimap);
}

PipelineEditor::~PipelineEditor()
{
    // The scene and views outlive this part of the destruction and still emit (selection
    // cleared, viewport resized): nothing may reach a half-destroyed editor.
    m_scene->disconnect(this);
    m_view->disconnect(this);
}

QMenu *PipelineEditor::stageMenu() const
{
    return m_stageMenu.data();
}

void PipelineEditor::updateStageActions()
{
    const bool one = m_scene->selectedStageIds().size() == 1;
    m_showLog->setEnabled(one);
    m_editYaml->setEnabled(one);
}

void PipelineEditor::showStageMenu(const QPoint &viewPos)
{
    StageNodeItem *node = m_scene->nodeAt(m_view->mapToScene(viewPos));
    if (!node)
        return;
    // Right-clicking a stage outside the selection makes it the selection, as file managers do.
    if (!node->isSelected())
        m_scene->selectStages({node->stageId()});
    delete m_stageMenu;
    m_stageMenu = new QMenu(this);
    m_stageMenu->setAttribute(Qt::WA_DeleteOnClose);
    m_stageMenu->addAction(m_showLog);
    m_stageMenu->addAction(m_editYaml);
    m_stageMenu->addSeparator();
    for (QAction *a : {m_duplicate, m_copy, m_cut, m_delete})
        m_stageMenu->addAction(a);
    m_stageMenu->popup(m_view->viewport()->mapToGlobal(viewPos));
}

QAction *PipelineEditor::makeAction(const QString &text, const QKeySequence &shortcut)
{
    auto *action = new QAction(text, this);
    action->setShortcut(shortcut);
    // Only while the editor has focus: the YAML pane keeps its own Copy/Paste/Delete keys.
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(action);
    return action;
}

void PipelineEditor::copySelection()
{
    const QStringList ids = m_scene->selectedStageIds();
    if (ids.isEmpty())
        return;
    const QString text = m_document->copyStages(ids);
    auto *mime = new QMimeData;
    mime->setData(clipMime, text.toUtf8());
    mime->setText(text); // the YAML of the stages, pasteable into any editor
    QApplication::clipboard()->setMimeData(mime);
}

void PipelineEditor::paste()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (!mime)
        return;
    const QString text = mime->hasFormat(clipMime) ? QString::fromUtf8(mime->data(clipMime))
                                                   : mime->text();
    const QStringList ids = m_document->pasteStages(text);
    if (!ids.isEmpty())
        m_scene->selectStages(ids);
}

void PipelineEditor::deleteSelection()
{
    const QStringList ids = m_scene->selectedStageIds();
    if (!ids.isEmpty()) {
        m_document->removeStages(ids);
        return;
    }
    // A selected edge: the stage no longer needs the other.
    for (QGraphicsItem *item : m_scene->selectedItems()) {
        if (item->type() == NeedsEdgeItem::Type) {
            auto *edge = static_cast<NeedsEdgeItem *>(item);
            m_document->removeNeed(edge->to()->stageId(), edge->from()->stageId());
            return;
        }
    }
}

void PipelineEditor::duplicateSelection()
{
    const QStringList ids = m_document->duplicateStages(m_scene->selectedStageIds());
    if (!ids.isEmpty())
        m_scene->selectStages(ids);
}

void PipelineEditor::setRunEngine(core::RunEngine *engine)
{
    if (!engine)
        return;
    connect(engine, &core::RunEngine::runStarted, this, [this](qint64 runId) {
        m_runId = runId;
        m_scene->clearStatuses();
        for (StageNodeItem *n : m_scene->nodes())
            m_scene->setStageStatus(n->stageId(), core::StageStatus::Pending);
    });
    connect(engine, &core::RunEngine::stageStarted, this,
            [this](qint64 runId, const QString &stage) {
                if (runId == m_runId)
                    m_scene->setStageStatus(stage, core::StageStatus::Running);
            });
    connect(engine, &core::RunEngine::stageFinished, this,
            [this](qint64 runId, const QString &stage, core::StageStatus status) {
                if (runId == m_runId)
                    m_scene->setStageStatus(stage, status);
            });
    connect(engine, &core::RunEngine::approvalNeeded, this,
            [this](qint64 runId, const QString &stage, const QString &) {
                if (runId == m_runId)
                    m_scene->setStageStatus(stage, core::StageStatus::AwaitingApproval);
            });
}

void PipelineEditor::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    sizePanes();
    placeMinimap();
}

void PipelineEditor::sizePanes()
{
    // QSplitter::setSizes() only sets proportions, so the fixed widths are applied once the
    // editor has its real width, and again on resizes until the user drags a handle.
    if (m_panesMoved)
        return;
    const int handles = 2 * m_splitter->handleWidth();
    const int graph = width() - PaletteWidth - InspectorWidth - handles;
    if (graph < m_view->minimumWidth())
        return;
    m_splitter->setSizes({PaletteWidth, graph, InspectorWidth});
}

void PipelineEditor::placeMinimap()
{
    // A small overlay in the bottom-right corner of the canvas, clear of the scroll bars.
    const QRect area = m_view->viewport()->geometry();
    const int w = qBound(60, int(area.width() * 0.18), 200);
    m_minimap->setFixedSize(w, qMax(40, w * 13 / 20));
    m_minimap->move(area.right() - m_minimap->width() - 10,
                    area.bottom() - m_minimap->height() - 10);
    m_minimap->raise();
}

} // namespace pw::ui
