#pragma once

#include "core/pipeline/pipeline.h"

#include <QRectF>
#include <QSizeF>

namespace pw::ui {

// The size of a stage node and where its parts sit, shared by the layout (which needs sizes
// before any item exists) and the node item that paints them.
class NodeGeometry
{
public:
    static constexpr qreal Width = 220;
    static constexpr qreal HeaderHeight = 30;
    static constexpr qreal StepHeight = 20;
    static constexpr qreal Padding = 8;
    static constexpr qreal PortRadius = 6;
    static constexpr int MaxStepsShown = 6;

    static QSizeF size(const core::StageSpec &stage);
    static int stepRows(const core::StageSpec &stage);
    // The output port on the right edge, the input port on the left, in node coordinates.
    static QPointF outputPort(const QSizeF &size) { return {size.width(), HeaderHeight / 2}; }
    static QPointF inputPort() { return {0, HeaderHeight / 2}; }
};

} // namespace pw::ui
