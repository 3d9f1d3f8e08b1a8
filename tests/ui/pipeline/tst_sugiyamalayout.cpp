#include "ui/pipeline/sugiyamalayout.h"

#include <QTest>

using pw::ui::SugiyamaLayout;

// Layers, crossing reduction, pinned nodes and determinism of the editor's auto-layout.
class TestSugiyamaLayout : public QObject
{
    Q_OBJECT

    static QList<SugiyamaLayout::Node> nodes(int count)
    {
        QList<SugiyamaLayout::Node> out;
        for (int i = 0; i < count; ++i)
            out.append({QStringLiteral("n%1").arg(i), QSizeF(100, 50), false, {}});
        return out;
    }

private slots:
    void layersByLongestPath()
    {
        // 0 → 1 → 2 and 0 → 2: 2 is on layer 2, not 1.
        const QList<int> l = SugiyamaLayout::layers(3, {{0, 1}, {1, 2}, {0, 2}});
        QCOMPARE(l, (QList<int>{0, 1, 2}));
    }

    void cycleDoesNotHang()
    {
        const QList<int> l = SugiyamaLayout::layers(3, {{0, 1}, {1, 2}, {2, 0}});
        QCOMPARE(l.size(), 3);
        const QList<QPointF> p = SugiyamaLayout::compute(nodes(3), {{0, 1}, {1, 2}, {2, 0}});
        QCOMPARE(p.size(), 3);
    }

    void barycenterRemovesCrossing()
    {
        // Layer 0: a(0) b(1); layer 1 in file order: c(2) needs b, d(3) needs a: crossed.
        const QList<SugiyamaLayout::Edge> edges{{1, 2}, {0, 3}};
        const QList<int> layerOf = SugiyamaLayout::layers(4, edges);
        const QList<QList<int>> fileOrder{{0, 1}, {2, 3}};
        QCOMPARE(SugiyamaLayout::crossings(fileOrder, edges, layerOf), 1);
        const QList<QList<int>> order = SugiyamaLayout::orderLayers(4, edges, layerOf);
        QCOMPARE(SugiyamaLayout::crossings(order, edges, layerOf), 0);
    }

    void pinnedNodeStaysAndOthersAvoidIt()
    {
        QList<SugiyamaLayout::Node> n = nodes(3);
        n[1].pinned = true;
        n[1].pinnedPosition = QPointF(0, 0); // where n0 would go
        const QList<QPointF> p = SugiyamaLayout::compute(n, {});
        QCOMPARE(p[1], QPointF(0, 0));
        for (int i : {0, 2}) {
            const QRectF r(p[i], QSizeF(100, 50));
            QVERIFY(!r.intersects(QRectF(0, 0, 100, 50)));
        }
    }

    void deterministic()
    {
        QList<SugiyamaLayout::Edge> edges;
        for (int i = 1; i < 60; ++i)
            edges.append({(i * 7) % i, i});
        const QList<QPointF> a = SugiyamaLayout::compute(nodes(60), edges);
        const QList<QPointF> b = SugiyamaLayout::compute(nodes(60), edges);
        QCOMPARE(a, b);
        // Needs always sit in an earlier column.
        for (const auto &e : edges)
            QVERIFY(a[e.from].x() < a[e.to].x());
    }
};

QTEST_GUILESS_MAIN(TestSugiyamaLayout)
#include "tst_sugiyamalayout.moc"
