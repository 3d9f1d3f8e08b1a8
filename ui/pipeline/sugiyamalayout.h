#pragma once

#include <QHash>
#include <QList>
#include <QPointF>
#include <QSizeF>
#include <QString>

namespace pw::ui {

// A layered (Sugiyama-style) layout of the stage graph, left to right: layers by longest
// path, crossing reduction by barycenter sweeps, then rows packed without overlap. Pinned
// nodes keep their positions and the others flow around them. Deterministic: the same
// input always gives the same positions, so the layout side file stays stable in git.
class SugiyamaLayout
{
public:
    struct Node
    {
        QString id;
        QSizeF size;
        bool pinned = false;
        QPointF pinnedPosition;
    };
    struct Edge
    {
        int from = -1; // the needed stage
        int to = -1;   // the stage that needs it
    };

    static constexpr qreal LayerGap = 72;
    static constexpr qreal RowGap = 28;
    static constexpr int Sweeps = 8;

    // Top-left positions of the nodes, in input order. Edges closing a cycle are ignored.
    static QList<QPointF> compute(const QList<Node> &nodes, const QList<Edge> &edges);
    // The longest-path layer of each node (0 = no needs).
    static QList<int> layers(int nodeCount, const QList<Edge> &edges);
    // How many edge pairs cross between adjacent layers for the given orders.
    static int crossings(const QList<QList<int>> &order, const QList<Edge> &edges,
                         const QList<int> &layerOf);
    // The per-layer orders found by the barycenter sweeps.
    static QList<QList<int>> orderLayers(int nodeCount, const QList<Edge> &edges,
                                         const QList<int> &layerOf);
};

} // namespace pw::ui
