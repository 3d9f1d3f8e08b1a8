#pragma once

#include "daglayout.h"

#include <QWidget>

namespace pw::ui {

// A read-only picture of the pipeline's DAG: one column per level, each stage a card listing
// its steps with their kind, arrows for `needs`. Placed in a scroll area by the Pipeline area.
// Double-clicking a card asks to show that stage in the YAML text. A graph larger than the
// view is drawn smaller, down to MinScale, so a typical pipeline fits without scrolling.
class DagOverview : public QWidget
{
    Q_OBJECT

public:
    static constexpr qreal MinScale = 0.8;

    explicit DagOverview(QWidget *parent = nullptr);

    void setPipeline(const core::Pipeline &pipeline);
    // Shown instead of the graph, e.g. while nothing is open or the file could not be read.
    void setMessage(const QString &message);
    const DagLayout &layout() const { return m_layout; }
    qreal scale() const; // of the current size

    QSize sizeHint() const override;

signals:
    void stageActivated(int stageIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    void paintEdges(QPainter &painter) const;
    void paintCard(QPainter &painter, const DagLayout::Node &node) const;
    QString stageToolTip(const core::StageSpec &stage) const;
    int nodeAt(const QPointF &widgetPoint) const;
    static QString stepLabel(const core::StepSpec &step);

    core::Pipeline m_pipeline;
    DagLayout m_layout;
    QString m_message;
};

} // namespace pw::ui
