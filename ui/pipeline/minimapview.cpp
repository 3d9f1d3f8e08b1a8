#include "minimapview.h"

#include "pipelinegraphview.h"

#include <QMouseEvent>

namespace pw::ui {

MinimapView::MinimapView(PipelineGraphView *main, QWidget *parent)
    : QGraphicsView(main->scene(), parent)
    , m_main(main)
{
    setInteractive(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setRenderHints(QPainter::Antialiasing);
    setViewportUpdateMode(SmartViewportUpdate);
    setBackgroundBrush(QColor(0xf7, 0xf9, 0xfc));
    setFrameShape(QFrame::Box);
    setFixedSize(200, 130); // the editor scales it to its canvas
    connect(main, &PipelineGraphView::viewportChanged, viewport(),
            qOverload<>(&QWidget::update));
    connect(main->scene(), &QGraphicsScene::sceneRectChanged, this, &MinimapView::refit);
}

void MinimapView::refit()
{
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
    viewport()->update();
}

QRectF MinimapView::visibleArea() const
{
    return m_main->mapToScene(m_main->viewport()->rect()).boundingRect();
}

void MinimapView::drawForeground(QPainter *painter, const QRectF &)
{
    painter->setPen(QPen(QColor(0x2f, 0x80, 0xed), 0));
    painter->setBrush(QColor(0x2f, 0x80, 0xed, 40));
    painter->drawRect(visibleArea());
}

void MinimapView::mousePressEvent(QMouseEvent *event)
{
    m_main->centerOn(mapToScene(event->pos()));
}

void MinimapView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        m_main->centerOn(mapToScene(event->pos()));
}

void MinimapView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    refit();
}

} // namespace pw::ui
