#pragma once

#include <QGraphicsView>

namespace pw::ui {

class PipelineScene;

// The graph canvas: Ctrl+wheel and Ctrl +/- zoom around the cursor, the middle button or
// Space+drag pans, F fits the whole graph, a rubber band selects several stages. A newly
// opened graph is shown readable: as large as fits but never so small that stage names
// cannot be read; a graph too big for that starts at its first stages, the minimap showing
// the rest. Until the user zooms or pans by hand the chosen fit is redone whenever the view
// is shown or resized.
class PipelineGraphView : public QGraphicsView
{
    Q_OBJECT

public:
    static constexpr qreal MinZoom = 0.15;
    static constexpr qreal MaxZoom = 3.0;
    // Below this a node's 12 px title is smaller than 9 px on screen.
    static constexpr qreal ReadableZoom = 0.8;

    explicit PipelineGraphView(PipelineScene *scene, QWidget *parent = nullptr);

    qreal zoom() const;
    void setZoom(qreal zoom);
    void zoomIn() { setZoom(zoom() * 1.2); }
    void zoomOut() { setZoom(zoom() / 1.2); }
    // Fits the whole graph (never above 100 %) and keeps it fitted on resize.
    void fitGraph();
    // Fits the graph between ReadableZoom and 100 %, its start in view, and keeps it so.
    void showReadable();
    bool autoFit() const { return m_fit != Fit::None; }

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
    enum class Fit { None, Readable, Whole };
    void applyZoom(qreal zoom);
    void refit();
    void stopAutoFit() { m_fit = Fit::None; }

    Fit m_fit = Fit::Readable;
    bool m_fitting = false;
    bool m_panning = false;
    bool m_spaceHeld = false;
    QPoint m_panStart;
};

} // namespace pw::ui
