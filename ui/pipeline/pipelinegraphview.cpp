#include "pipelinegraphview.h"

#include "pipelinescene.h"

#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

namespace pw::ui {

PipelineGraphView::PipelineGraphView(PipelineScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(AnchorUnderMouse);
    // Only what changed is repainted; node items cache their own painting.
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
    setCacheMode(CacheBackground);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setAlignment(Qt::AlignCenter);
    // Scroll bar drags, clicks and keys are the user's; programmatic scrolling is not.
    connect(horizontalScrollBar(), &QScrollBar::actionTriggered, this,
            &PipelineGraphView::stopAutoFit);
    connect(verticalScrollBar(), &QScrollBar::actionTriggered, this,
            &PipelineGraphView::stopAutoFit);
}

qreal PipelineGraphView::zoom() const
{
    return transform().m11();
}

void PipelineGraphView::setZoom(qreal value)
{
    stopAutoFit();
    applyZoom(value);
}

void PipelineGraphView::applyZoom(qreal value)
{
    const qreal z = qBound(MinZoom, value, MaxZoom);
    setTransform(QTransform::fromScale(z, z));
    emit viewportChanged();
}

void PipelineGraphView::fitGraph()
{
    m_fit = Fit::Whole;
    refit();
}

void PipelineGraphView::showReadable()
{
    m_fit = Fit::Readable;
    refit();
}

void PipelineGraphView::refit()
{
    // Scroll bars coming or going while fitting resize the viewport: no fit inside a fit.
    if (m_fit == Fit::None || m_fitting || scene()->itemsBoundingRect().isEmpty()
        || viewport()->width() <= 0 || viewport()->height() <= 0)
        return;
    m_fitting = true;
    // The scene rect is the graph plus its margin; showing all of it needs no scroll bars.
    const QRectF bounds = scene()->sceneRect();
    fitInView(bounds, Qt::KeepAspectRatio);
    // Small graphs are not blown up past their natural size.
    applyZoom(qBound(m_fit == Fit::Readable ? ReadableZoom : MinZoom, zoom(), 1.0));
    // A graph bigger than the view at that zoom starts at its top-left: stages are laid out
    // left to right from the pipeline's first ones.
    const QSizeF shown = QSizeF(viewport()->size()) / zoom();
    QPointF centre = bounds.center();
    if (bounds.width() > shown.width())
        centre.setX(bounds.left() + shown.width() / 2);
    if (bounds.height() > shown.height())
        centre.setY(bounds.top() + shown.height() / 2);
    centerOn(centre);
    m_fitting = false;
    emit viewportChanged();
}

void PipelineGraphView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        setZoom(zoom() * std::pow(1.15, steps));
        event->accept();
        return;
    }
    stopAutoFit(); // a plain wheel scrolls the canvas
    QGraphicsView::wheelEvent(event);
}

void PipelineGraphView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier) {
        if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal) {
            zoomIn();
            return;
        }
        if (event->key() == Qt::Key_Minus) {
            zoomOut();
            return;
        }
        if (event->key() == Qt::Key_0) {
            setZoom(1.0);
            return;
        }
    }
    if (event->key() == Qt::Key_F && event->modifiers() == Qt::NoModifier) {
        fitGraph();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void PipelineGraphView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        viewport()->unsetCursor();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void PipelineGraphView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        stopAutoFit();
        m_panStart = event->pos();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void PipelineGraphView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint delta = event->pos() - m_panStart;
        m_panStart = event->pos();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void PipelineGraphView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        if (m_spaceHeld)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void PipelineGraphView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    emit viewportChanged();
}

void PipelineGraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    refit();
    emit viewportChanged();
}

void PipelineGraphView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    // The first resize may come while the window still has its provisional size.
    refit();
}

void PipelineGraphView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, QColor(0xf7, 0xf9, 0xfc));
    // A light dot grid gives a sense of scale while panning.
    if (zoom() < 0.4)
        return;
    const qreal step = 24;
    painter->setPen(QPen(QColor(0xd9, 0xdf, 0xe7), 1.5));
    const qreal left = std::floor(rect.left() / step) * step;
    const qreal top = std::floor(rect.top() / step) * step;
    QList<QPointF> points;
    for (qreal x = left; x < rect.right(); x += step) {
        for (qreal y = top; y < rect.bottom(); y += step)
            points.append(QPointF(x, y));
    }
    painter->drawPoints(points.data(), int(points.size()));
}

} // namespace pw::ui
