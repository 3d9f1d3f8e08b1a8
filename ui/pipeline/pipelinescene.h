#pragma once

#include "core/run/runstatus.h"

#include <QGraphicsScene>
#include <QHash>

class QGraphicsPathItem;
class QVariantAnimation;

namespace pw::ui {

class NeedsEdgeItem;
class PipelineDocument;
class StageNodeItem;

// The stage graph of one document: a node item per stage, an edge item per `needs` entry.
// It mirrors the document (rebuilt on pipelineChanged, nodes animated to new positions) and
// turns gestures into document edits: a drag from an output port to another node adds a
// need — refused while dragging, in red with the reason, when it would duplicate an edge or
// close a cycle — node drags move (one undo step per drag), a dropped step kind adds a step.
class PipelineScene : public QGraphicsScene
{
    Q_OBJECT

public:
    static constexpr int AnimationMs = 220;
    static inline const char *StepKindMime = "application/x-pipewright-step-kind";

    explicit PipelineScene(PipelineDocument *document, QObject *parent = nullptr);

    PipelineDocument *document() const { return m_document; }
    StageNodeItem *node(const QString &id) const { return m_nodes.value(id); }
    // The stage node under a scene point (its ports included), or null.
    StageNodeItem *nodeAt(const QPointF &scenePos) const;
    QList<StageNodeItem *> nodes() const;
    QList<NeedsEdgeItem *> edges() const { return m_edges; }
    QStringList selectedStageIds() const;
    void selectStages(const QStringList &ids);

    void setStageStatus(const QString &id, core::StageStatus status);
    void clearStatuses();

    // While a connection is being dragged: whether dropping now would be refused, and why.
    bool isConnecting() const { return m_connectFrom != nullptr; }
    bool connectionRefused() const { return !m_refusal.isEmpty(); }
    QString connectionRefusal() const { return m_refusal; }
    // Ends position animations at once (tests, benchmarks).
    void finishAnimation();

    void nodeMoved(StageNodeItem *node);

signals:
    void stageActivated(const QString &id);
    void connectionFeedback(bool refused, const QString &reason);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent *event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent *event) override;
    void dragLeaveEvent(QGraphicsSceneDragDropEvent *event) override;
    void dropEvent(QGraphicsSceneDragDropEvent *event) override;

private:
    void rebuild();
    void updateProblems();
    void moveToDocumentPositions(bool animate);
    void updateSceneRect();

    PipelineDocument *m_document;
    QHash<QString, StageNodeItem *> m_nodes;
    QList<NeedsEdgeItem *> m_edges;
    QHash<QString, core::StageStatus> m_statuses;

    // Connection drag.
    StageNodeItem *m_connectFrom = nullptr;
    QGraphicsPathItem *m_rubber = nullptr;
    QString m_refusal;

    // Node drag: every move is pushed under one id so the moves merge into one undo step.
    bool m_dragging = false;
    bool m_applying = false;
    quint64 m_dragId = 0;
    StageNodeItem *m_dropTarget = nullptr;

    QVariantAnimation *m_animation;
    QHash<StageNodeItem *, std::pair<QPointF, QPointF>> m_animated;
};

} // namespace pw::ui
