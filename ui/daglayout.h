#pragma once

#include "core/pipeline/pipeline.h"

#include <QList>
#include <QRectF>
#include <QSizeF>

namespace pw::ui {

// Places a pipeline's stages as cards in columns, one column per DAG level, and lists the
// `needs` edges between them. Pure geometry, kept apart from painting so it can be tested.
// When the needs have a cycle or name an unknown stage (the model then has no levels), it
// still lays out what it can: unknown needs are left out and a cycle's closing edge is
// ignored for placement, and isApproximate() says so.
class DagLayout
{
public:
    static constexpr qreal Margin = 16;
    static constexpr qreal CardWidth = 200;
    static constexpr qreal ColumnGap = 36;
    static constexpr qreal RowGap = 16;
    static constexpr qreal HeaderHeight = 28;
    static constexpr qreal DetailHeight = 18;
    static constexpr qreal StepHeight = 22;
    static constexpr qreal Padding = 8;
    static constexpr int MaxStepsShown = 8;

    struct Node
    {
        int stageIndex = -1;
        int level = 0;
        QRectF rect;
    };
    struct Edge
    {
        int from = -1; // node index of the needed stage
        int to = -1;   // node index of the stage that needs it
        bool backward = false; // part of a cycle: drawn as a problem
    };

    void compute(const core::Pipeline &pipeline);

    const QList<Node> &nodes() const { return m_nodes; }
    const QList<Edge> &edges() const { return m_edges; }
    QSizeF size() const { return m_size; }
    int levelCount() const { return m_levelCount; }
    bool isApproximate() const { return m_approximate; }
    int nodeAt(const QPointF &point) const;
    int nodeForStage(int stageIndex) const;

    static bool hasDetailLine(const core::StageSpec &stage);
    static qreal cardHeight(const core::StageSpec &stage);

private:
    QList<int> tolerantLevels(const core::Pipeline &pipeline) const;

    QList<Node> m_nodes;
    QList<Edge> m_edges;
    QSizeF m_size;
    int m_levelCount = 0;
    bool m_approximate = false;
};

} // namespace pw::ui
