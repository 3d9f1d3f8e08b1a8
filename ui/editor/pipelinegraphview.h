#pragma once

#include <QGraphicsView>

namespace pw::ui {

class PipelineScene;

// The graph canvas: Ctrl+wheel and Ctrl +/- zoom around the cursor, the middle button or
// Space+drag pans, F fits the graph, a rubber band selects several stages. Until the user
// zooms or pans by hand the graph is re-fitted whenever the view is shown or resized.
class PipelineGraphView : public QGraphicsView
{
    Q_OBJECT

public:
    static constexpr qreal MinZoom = 0.15;
    static constexpr qreal MaxZoom = 3.0;

    explicit PipelineGraphView(PipelineScene *scene, QWidget *parent = nullptr);

    qreal zoom() const;
    void setZoom(qreal zoom);
    void zoomIn() { setZoom(zoom() * 1.2); }
    void zoomOut() { setZoom(zoom() / 1.2); }
    // Fits the whole graph (never above 100 %) and resumes fitting on resize.
    void fitGraph();
    bool autoFit() const { return m_autoFit; }

signals:
    void viewportChanged();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    void applyZoom(qreal zoom);
    void stopAutoFit() { m_autoFit = false; }

    bool m_autoFit = true;
    bool m_fitting = false;
    bool m_panning = false;
    bool m_spaceHeld = false;
    QPoint m_panStart;
};

} // namespace pw::ui
