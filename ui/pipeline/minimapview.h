#pragma once

#include <QGraphicsView>

namespace pw::ui {

class PipelineGraphView;

// A small overview of the whole graph with the main view's visible area outlined; a click or
// drag in it moves the main view there.
class MinimapView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit MinimapView(PipelineGraphView *main, QWidget *parent = nullptr);

    void refit();

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QRectF visibleArea() const;

    PipelineGraphView *m_main;
};

} // namespace pw::ui
