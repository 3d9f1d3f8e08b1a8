#include "pipelinescene.h"

#include "needsedgeitem.h"
#include "nodegeometry.h"
#include "pipelinedocument.h"
#include "stagenodeitem.h"

#include <QGraphicsPathItem>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QMimeData>
#include <QToolTip>
#include <QVariantAnimation>

namespace pw::ui {

PipelineScene::PipelineScene(PipelineDocument *document, QObject *parent)
    : QGraphicsScene(parent)
    , m_document(document)
    , m_animation(new QVariantAnimation(this))
{
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    m_animation->setDuration(AnimationMs);
    m_animation->setStartValue(0.0);
    m_animation->setEndValue(1.0);
    m_animation->setEasingCurve(QEasingCurve::OutCubic);
    connect(m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant &v) {
        const qreal t = v.toReal();
        m_applying = true;
        for (auto it = m_animated.cbegin(); it != m_animated.cend(); ++it)
            it.key()->setPos(it.value().first + (it.value().second - it.value().first) * t);
        m_applying = false;
    });
    connect(m_animation, &QVariantAnimation::finished, this, [this] {
        m_animated.clear();
        updateSceneRect();
    });
    connect(document, &PipelineDocument::pipelineChanged, this, &PipelineScene::rebuild);
    connect(document, &PipelineDocument::positionsChanged, this,
            &PipelineScene::moveToDocumentPositions);
    connect(document, &PipelineDocument::diagnosticsChanged, this,
            &PipelineScene::updateProblems);
    rebuild();
    moveToDocumentPositions(false);
}

QList<StageNodeItem *> PipelineScene::nodes() const
{
    QList<StageNodeItem *> out;
    for (const core::StageSpec &stage : m_document->pipeline().stages) {
        if (StageNodeItem *n = m_nodes.value(stage.id))
            out.append(n);
    }
    return out;
}

QStringList PipelineScene::selectedStageIds() const
{
    QStringList ids;
    for (StageNodeItem *n : nodes()) {
        if (n->isSelected())
            ids.append(n->stageId());
    }
    return ids;
}

void PipelineScene::selectStages(const QStringList &ids)
{
    clearSelection();
    for (const QString &id : ids) {
        if (StageNodeItem *n = m_nodes.value(id))
            n->setSelected(true);
    }
}

void PipelineScene::rebuild()
{
    const core::Pipeline &pipeline = m_document->pipeline();
    QHash<QString, StageNodeItem *> kept;
    const QStringList selected = selectedStageIds();
    for (const core::StageSpec &stage : pipeline.stages) {
        if (kept.contains(stage.id))
            continue; // a duplicate id: the Problems list names it
        StageNodeItem *node = m_nodes.take(stage.id);
        if (node) {
            node->setStage(stage);
        } else {
            node = new StageNodeItem(stage);
            // New stages grow out of where they will be placed, not from the origin.
            node->setPos(m_document->position(stage.id));
            addItem(node);
        }
        if (m_statuses.contains(stage.id))
            node->setStatus(m_statuses.value(stage.id));
        kept.insert(stage.id, node);
    }
    m_dropTarget = nullptr;
    for (StageNodeItem *gone : std::as_const(m_nodes)) {
        m_animated.remove(gone);
        if (gone == m_connectFrom) {
            m_connectFrom = nullptr;
            delete m_rubber;
            m_rubber = nullptr;
        }
        delete gone;
    }
    m_nodes = kept;

    for (NeedsEdgeItem *edge : std::as_const(m_edges))
        delete edge;
    m_edges.clear();
    for (const core::StageSpec &stage : pipeline.stages) {
        StageNodeItem *to = m_nodes.value(stage.id);
        for (const QString &need : stage.needs) {
            StageNodeItem *from = m_nodes.value(need);
            if (!from || !to || from == to)
                continue;
            auto *edge = new NeedsEdgeItem(from, to);
            addItem(edge);
            m_edges.append(edge);
        }
    }
    for (const QString &id : selected) {
        if (StageNodeItem *n = m_nodes.value(id))
            n->setSelected(true);
    }
    updateProblems();
    updateSceneRect();
}

void PipelineScene::updateProblems()
{
    // A problem belongs to the stage whose lines contain it.
    const core::Pipeline &pipeline = m_document->pipeline();
    QList<std::pair<int, QString>> starts;
    for (const core::StageSpec &stage : pipeline.stages)
        starts.append({stage.location.line, stage.id});
    std::sort(starts.begin(), starts.end());
    QHash<QString, QString> problems;
    for (const core::Diagnostic &d : m_document->diagnostics()) {
        if (d.severity != core::Diagnostic::Severity::Error || !d.location.isValid())
            continue;
        QString owner;
        for (const auto &[line, id] : starts) {
            if (line > 0 && line <= d.location.line)
                owner = id;
        }
        if (!owner.isEmpty() && !problems.contains(owner))
            problems.insert(owner, d.message);
    }
    for (StageNodeItem *n : std::as_const(m_nodes))
        n->setProblem(problems.value(n->stageId()));
}

void PipelineScene::moveToDocumentPositions(bool animate)
{
    if (m_dragging)
        return;
    m_animation->stop();
    m_animated.clear();
    m_applying = true;
    for (StageNodeItem *n : std::as_const(m_nodes)) {
        const QPointF target = m_document->position(n->stageId());
        if (n->pos() == target)
            continue;
        if (animate)
            m_animated.insert(n, {n->pos(), target});
        else
            n->setPos(target);
    }
    m_applying = false;
    if (!m_animated.isEmpty())
        m_animation->start();
    updateSceneRect();
}

void PipelineScene::finishAnimation()
{
    if (m_animation->state() == QAbstractAnimation::Running)
        m_animation->setCurrentTime(m_animation->duration());
    m_animation->stop();
    m_animated.clear();
    updateSceneRect();
}

void PipelineScene::updateSceneRect()
{
    QRectF bounds;
    for (StageNodeItem *n : std::as_const(m_nodes))
        bounds |= n->sceneBoundingRect();
    if (m_animation->state() == QAbstractAnimation::Running) {
        for (auto it = m_animated.cbegin(); it != m_animated.cend(); ++it)
            bounds |= QRectF(it.value().second, it.key()->boundingRect().size());
    }
    setSceneRect(bounds.adjusted(-60, -60, 60, 60));
}

void PipelineScene::nodeMoved(StageNodeItem *node)
{
    for (NeedsEdgeItem *edge : std::as_const(m_edges)) {
        if (edge->from() == node || edge->to() == node)
            edge->updatePath();
    }
    if (m_applying || !m_dragging)
        return;
    m_document->moveNodes({{node->stageId(), node->pos()}}, m_dragId);
}

void PipelineScene::setStageStatus(const QString &id, core::StageStatus status)
{
    m_statuses.insert(id, status);
    if (StageNodeItem *n = m_nodes.value(id))
        n->setStatus(status);
}

void PipelineScene::clearStatuses()
{
    m_statuses.clear();
    for (StageNodeItem *n : std::as_const(m_nodes))
        n->setStatus(std::nullopt);
}

StageNodeItem *PipelineScene::nodeAt(const QPointF &scenePos) const
{
    const QList<QGraphicsItem *> hits = items(scenePos);
    for (QGraphicsItem *item : hits) {
        if (item->type() == StageNodeItem::Type)
            return static_cast<StageNodeItem *>(item);
    }
    // Ports stick out of the card; items() already includes the bounding margin.
    return nullptr;
}

void PipelineScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        StageNodeItem *node = nodeAt(event->scenePos());
        if (node && node->isOnOutputPort(event->scenePos())) {
            m_connectFrom = node;
            m_refusal.clear();
            m_rubber = addPath(NeedsEdgeItem::curve(node->outputPortScenePos(),
                                                    event->scenePos()),
                               QPen(QColor(0x2f, 0x80, 0xed), 2, Qt::DashLine));
            m_rubber->setZValue(10);
            event->accept();
            return;
        }
        if (node) {
            m_dragging = true;
            ++m_dragId;
        }
    }
    QGraphicsScene::mousePressEvent(event);
}

void PipelineScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (!m_connectFrom) {
        QGraphicsScene::mouseMoveEvent(event);
        return;
    }
    StageNodeItem *target = nodeAt(event->scenePos());
    QPointF end = event->scenePos();
    QString why;
    if (target && target != m_connectFrom) {
        end = target->inputPortScenePos();
        m_document->canAddNeed(target->stageId(), m_connectFrom->stageId(), &why);
    } else if (target == m_connectFrom) {
        why = tr("A stage cannot need itself.");
    }
    const bool changed = why != m_refusal;
    m_refusal = why;
    const QColor color = why.isEmpty() ? QColor(0x2f, 0x80, 0xed) : QColor(0xd6, 0x45, 0x41);
    m_rubber->setPen(QPen(color, why.isEmpty() ? 2 : 2.5,
                          why.isEmpty() ? Qt::DashLine : Qt::SolidLine));
    m_rubber->setPath(NeedsEdgeItem::curve(m_connectFrom->outputPortScenePos(), end));
    if (changed) {
        emit connectionFeedback(!why.isEmpty(), why);
        const QList<QGraphicsView *> list = views();
        if (!list.isEmpty() && !why.isEmpty())
            QToolTip::showText(event->screenPos(), why, list.first()->viewport());
        else
            QToolTip::hideText();
    }
    event->accept();
}

void PipelineScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_connectFrom) {
        StageNodeItem *target = nodeAt(event->scenePos());
        const QString from = m_connectFrom->stageId();
        delete m_rubber;
        m_rubber = nullptr;
        m_connectFrom = nullptr;
        QToolTip::hideText();
        if (target && target->stageId() != from) {
            QString why;
            if (m_document->canAddNeed(target->stageId(), from, &why))
                m_document->addNeed(target->stageId(), from);
        }
        m_refusal.clear();
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    m_dragging = false;
    updateSceneRect();
}

void PipelineScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (StageNodeItem *node = nodeAt(event->scenePos()))
        emit stageActivated(node->stageId());
    QGraphicsScene::mouseDoubleClickEvent(event);
}

void PipelineScene::dragEnterEvent(QGraphicsSceneDragDropEvent *event)
{
    event->setAccepted(event->mimeData()->hasFormat(QString::fromLatin1(StepKindMime)));
}

void PipelineScene::dragMoveEvent(QGraphicsSceneDragDropEvent *event)
{
    StageNodeItem *target = nodeAt(event->scenePos());
    if (m_dropTarget && m_dropTarget != target)
        m_dropTarget->setDropHighlight(false);
    m_dropTarget = target;
    if (target)
        target->setDropHighlight(true);
    event->setAccepted(target != nullptr);
}

void PipelineScene::dragLeaveEvent(QGraphicsSceneDragDropEvent *)
{
    if (m_dropTarget)
        m_dropTarget->setDropHighlight(false);
    m_dropTarget = nullptr;
}

void PipelineScene::dropEvent(QGraphicsSceneDragDropEvent *event)
{
    if (m_dropTarget)
        m_dropTarget->setDropHighlight(false);
    m_dropTarget = nullptr;
    StageNodeItem *target = nodeAt(event->scenePos());
    const QString kind = QString::fromUtf8(
        event->mimeData()->data(QString::fromLatin1(StepKindMime)));
    if (!target || kind.isEmpty()) {
        event->ignore();
        return;
    }
    m_document->addStepOfKind(target->stageId(), kind);
    event->acceptProposedAction();
}

} // namespace pw::ui
