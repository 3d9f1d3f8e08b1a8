#pragma once

#include <QGraphicsPathItem>

namespace pw::ui {

class StageNodeItem;

// A `needs` edge: an arrow from the needed stage's output port to the needing stage's input
// port. Selectable, so Delete removes the dependency.
class NeedsEdgeItem : public QGraphicsPathItem
{
public:
    enum { Type = UserType + 2 };

    NeedsEdgeItem(StageNodeItem *from, StageNodeItem *to);

    int type() const override { return Type; }
    StageNodeItem *from() const { return m_from; }
    StageNodeItem *to() const { return m_to; }
    void updatePath();

    // The curve between two ports, shared with the rubber band of a connection drag.
    static QPainterPath curve(const QPointF &start, const QPointF &end);

    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
               QWidget *widget) override;

private:
    StageNodeItem *m_from;
    StageNodeItem *m_to;
};

} // namespace pw::ui
