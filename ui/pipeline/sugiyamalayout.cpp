#include "sugiyamalayout.h"

#include <algorithm>
#include <functional>

namespace pw::ui {

QList<int> SugiyamaLayout::layers(int nodeCount, const QList<Edge> &edges)
{
    QList<QList<int>> preds(nodeCount);
    for (const Edge &e : edges) {
        if (e.from >= 0 && e.to >= 0 && e.from < nodeCount && e.to < nodeCount && e.from != e.to)
            preds[e.to].append(e.from);
    }
    // Iterative depth-first search: a 300-stage chain must not blow the stack, and an edge
    // back onto the search path (a cycle) does not count.
    QList<int> layer(nodeCount, -1);
    QList<char> onPath(nodeCount, 0);
    for (int root = 0; root < nodeCount; ++root) {
        if (layer[root] >= 0)
            continue;
        QList<std::pair<int, int>> stack{{root, 0}};
        onPath[root] = 1;
        while (!stack.isEmpty()) {
            auto &[node, next] = stack.last();
            if (next < preds[node].size()) {
                const int p = preds[node][next++];
                if (layer[p] < 0 && !onPath[p]) {
                    onPath[p] = 1;
                    stack.append({p, 0});
                }
                continue;
            }
            int l = 0;
            for (int p : preds[node]) {
                if (layer[p] >= 0)
                    l = qMax(l, layer[p] + 1);
            }
            layer[node] = l;
            onPath[node] = 0;
            stack.removeLast();
        }
    }
    return layer;
}

int SugiyamaLayout::crossings(const QList<QList<int>> &order, const QList<Edge> &edges,
                              const QList<int> &layerOf)
{
    QList<int> position(layerOf.size(), 0);
    for (const QList<int> &layer : order) {
        for (int i = 0; i < layer.size(); ++i)
            position[layer[i]] = i;
    }
    // Only edges between the same two adjacent layers can cross: count per layer gap.
    QList<QList<std::pair<int, int>>> gaps(order.size());
    for (const Edge &e : edges) {
        if (e.from < 0 || e.to < 0 || layerOf[e.to] != layerOf[e.from] + 1)
            continue;
        gaps[layerOf[e.from]].append({position[e.from], position[e.to]});
    }
    int count = 0;
    for (const auto &gap : gaps) {
        for (int a = 0; a < gap.size(); ++a) {
            for (int b = a + 1; b < gap.size(); ++b) {
                const int d1 = gap[a].first - gap[b].first;
                const int d2 = gap[a].second - gap[b].second;
                if ((d1 < 0 && d2 > 0) || (d1 > 0 && d2 < 0))
                    ++count;
            }
        }
    }
    return count;
}

QList<QList<int>> SugiyamaLayout::orderLayers(int nodeCount, const QList<Edge> &edges,
                                              const QList<int> &layerOf)
{
    int layerCount = 0;
    for (int l : layerOf)
        layerCount = qMax(layerCount, l + 1);
    QList<QList<int>> order(layerCount);
    for (int i = 0; i < nodeCount; ++i)
        order[layerOf[i]].append(i); // file order first: stable and deterministic
    QList<QList<int>> preds(nodeCount), succs(nodeCount);
    for (const Edge &e : edges) {
        if (e.from < 0 || e.to < 0 || layerOf[e.from] >= layerOf[e.to])
            continue;
        preds[e.to].append(e.from);
        succs[e.from].append(e.to);
    }
    QList<double> pos(nodeCount, 0);
    auto index = [&] {
        for (const QList<int> &layer : order) {
            for (int i = 0; i < layer.size(); ++i)
                pos[layer[i]] = i;
        }
    };
    index();
    QList<QList<int>> best = order;
    int bestCrossings = crossings(order, edges, layerOf);
    for (int sweep = 0; sweep < Sweeps && bestCrossings > 0; ++sweep) {
        const bool down = sweep % 2 == 0;
        for (int k = 1; k < layerCount; ++k) {
            const int l = down ? k : layerCount - 1 - k;
            QList<int> &layer = order[l];
            QHash<int, double> key;
            for (int n : layer) {
                const QList<int> &adj = down ? preds[n] : succs[n];
                if (adj.isEmpty()) {
                    key.insert(n, pos[n]); // no neighbours that side: stays where it is
                    continue;
                }
                double sum = 0;
                for (int a : adj)
                    sum += pos[a];
                key.insert(n, sum / adj.size());
            }
            std::stable_sort(layer.begin(), layer.end(),
                             [&](int a, int b) { return key.value(a) < key.value(b); });
            for (int i = 0; i < layer.size(); ++i)
                pos[layer[i]] = i;
        }
        const int c = crossings(order, edges, layerOf);
        if (c < bestCrossings) {
            bestCrossings = c;
            best = order;
        }
    }
    return best;
}

QList<QPointF> SugiyamaLayout::compute(const QList<Node> &nodes, const QList<Edge> &edges)
{
    const int count = int(nodes.size());
    QList<QPointF> result(count);
    if (count == 0)
        return result;
    const QList<int> layerOf = layers(count, edges);
    const QList<QList<int>> order = orderLayers(count, edges, layerOf);

    qreal x = 0;
    for (const QList<int> &layer : order) {
        qreal width = 0;
        for (int n : layer)
            width = qMax(width, nodes[n].size.width());
        // Rows are packed top-down; pinned nodes stay put and others skip past them.
        QList<std::pair<qreal, qreal>> taken;
        for (int n : layer) {
            if (nodes[n].pinned)
                taken.append({nodes[n].pinnedPosition.y(),
                              nodes[n].pinnedPosition.y() + nodes[n].size.height()});
        }
        qreal y = 0;
        for (int n : layer) {
            if (nodes[n].pinned) {
                result[n] = nodes[n].pinnedPosition;
                continue;
            }
            const qreal h = nodes[n].size.height();
            bool moved = true;
            while (moved) {
                moved = false;
                for (const auto &[top, bottom] : taken) {
                    if (y < bottom + RowGap && y + h + RowGap > top) {
                        y = bottom + RowGap;
                        moved = true;
                    }
                }
            }
            result[n] = QPointF(x, y);
            y += h + RowGap;
        }
        x += width + LayerGap;
    }
    // Centre each layer on the tallest one, so a lone stage sits level with its neighbours.
    qreal tallest = 0;
    QHash<int, qreal> layerHeight;
    for (int i = 0; i < count; ++i) {
        if (nodes[i].pinned)
            continue;
        const qreal bottom = result[i].y() + nodes[i].size.height();
        layerHeight[layerOf[i]] = qMax(layerHeight.value(layerOf[i]), bottom);
        tallest = qMax(tallest, bottom);
    }
    for (int i = 0; i < count; ++i) {
        bool layerPinned = false;
        for (int n : order[layerOf[i]])
            layerPinned = layerPinned || nodes[n].pinned;
        if (!nodes[i].pinned && !layerPinned)
            result[i].ry() += (tallest - layerHeight.value(layerOf[i])) / 2;
    }
    return result;
}

} // namespace pw::ui
