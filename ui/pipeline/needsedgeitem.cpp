#include "needsedgeitem.h"

#include "stagenodeitem.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QtMath>

namespace pw::ui {

NeedsEdgeItem::NeedsEdgeItem(StageNodeItem *from, StageNodeItem *to)
    : m_from(from)
    , m_to(to)
{
    setFlag(ItemIsSelectable);
    setZValue(-1);
    setToolTip(QObject::tr("%1 needs %2").arg(to->stageId(), from->stageId()));
    updatePath();
}

QPainterPath NeedsEdgeItem::curve(const QPointF &start, const QPointF &end)
{
    QPainterPath path(start);
    const qreal dx = qMax<qreal>(40, qAbs(end.x() - start.x()) / 2);
    path.cubicTo(start + QPointF(dx, 0), end - QPointF(dx, 0), end);
    return path;
}

void NeedsEdgeItem::updatePath()
{
    setPath(curve(m_from->outputPortScenePos(), m_to->inputPortScenePos() - QPointF(6, 0)));
}

QPainterPath NeedsEdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(path());
}

void NeedsEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor color = isSelected() ? QColor(0x2f, 0x80, 0xed) : QColor(0x8a, 0x97, 0xa8);
    painter->setPen(QPen(color, isSelected() ? 2.5 : 1.6));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());
    // Arrow head along the curve's last tangent.
    const QPointF tip = path().pointAtPercent(1.0);
    const qreal angle = qDegreesToRadians(path().angleAtPercent(0.99));
    const QPointF back(-qCos(angle), qSin(angle));
    const QPointF normal(-back.y(), back.x());
    QPolygonF head{tip + QPointF(6, 0) * 0, tip + back * 9 + normal * 4.5,
                   tip + back * 9 - normal * 4.5};
    head[0] = tip + QPointF(qCos(angle), -qSin(angle)) * 4;
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(head);
}

} // namespace pw::ui
