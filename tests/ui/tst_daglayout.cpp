#include "ui/daglayout.h"

#include <QTest>

using pw::core::Pipeline;
using pw::core::StageSpec;
using pw::core::StepSpec;
using pw::ui::DagLayout;

namespace {

StageSpec stage(const char *id, QStringList needs = {}, int steps = 1)
{
    StageSpec s;
    s.id = QString::fromLatin1(id);
    s.needs = needs;
    for (int i = 0; i < steps; ++i) {
        StepSpec step;
        step.kind = QStringLiteral("run");
        step.params.insert(QStringLiteral("command"), QStringLiteral("true"));
        s.steps << step;
    }
    return s;
}

} // namespace

class TestDagLayout : public QObject
{
    Q_OBJECT

private slots:
    void columnsFollowLevels()
    {
        Pipeline p;
        p.stages = {stage("build"), stage("lint"), stage("test", {QStringLiteral("build")}),
                    stage("deploy", {QStringLiteral("test"), QStringLiteral("lint")})};
        DagLayout layout;
        layout.compute(p);
        QVERIFY(!layout.isApproximate());
        QCOMPARE(layout.levelCount(), 3);
        QCOMPARE(layout.nodes().size(), 4);
        const auto node = [&](int stageIndex) { return layout.nodes()[layout.nodeForStage(stageIndex)]; };
        QCOMPARE(node(0).level, 0);
        QCOMPARE(node(1).level, 0);
        QCOMPARE(node(2).level, 1);
        QCOMPARE(node(3).level, 2);
        // Same column, file order top-down, no overlap.
        QCOMPARE(node(0).rect.x(), node(1).rect.x());
        QVERIFY(node(0).rect.bottom() < node(1).rect.top());
        QVERIFY(node(2).rect.left() > node(0).rect.right());
        QCOMPARE(layout.edges().size(), 3);
        for (const DagLayout::Edge &e : layout.edges())
            QVERIFY(!e.backward);
        QVERIFY(layout.size().width() >= node(3).rect.right());
        QVERIFY(layout.size().height() >= node(1).rect.bottom());
        QCOMPARE(layout.nodeAt(node(2).rect.center()), layout.nodeForStage(2));
        QCOMPARE(layout.nodeAt(QPointF(-5, -5)), -1);
    }

    void cardHeightGrowsWithStepsUpToALimit()
    {
        const qreal one = DagLayout::cardHeight(stage("a", {}, 1));
        const qreal three = DagLayout::cardHeight(stage("a", {}, 3));
        QCOMPARE(three - one, 2 * DagLayout::StepHeight);
        const qreal many = DagLayout::cardHeight(stage("a", {}, 50));
        QCOMPARE(many, DagLayout::cardHeight(stage("a", {}, DagLayout::MaxStepsShown + 1)));
        QVERIFY(DagLayout::cardHeight(stage("a", {}, 0)) > 0);
    }

    void cycleAndUnknownNeedsStillLaidOut()
    {
        Pipeline p;
        p.stages = {stage("a", {QStringLiteral("c")}), stage("b", {QStringLiteral("a")}),
                    stage("c", {QStringLiteral("b")}),
                    stage("d", {QStringLiteral("nowhere")})};
        QVERIFY(p.levels().isEmpty());
        DagLayout layout;
        layout.compute(p);
        QVERIFY(layout.isApproximate());
        QCOMPARE(layout.nodes().size(), 4);
        QCOMPARE(layout.edges().size(), 3); // the unknown need has no edge
        int backward = 0;
        for (const DagLayout::Edge &e : layout.edges())
            backward += e.backward ? 1 : 0;
        QCOMPARE(backward, 1); // exactly the edge closing the cycle is drawn as a problem
    }

    void emptyPipeline()
    {
        DagLayout layout;
        layout.compute(Pipeline{});
        QVERIFY(layout.nodes().isEmpty());
        QCOMPARE(layout.levelCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDagLayout)
#include "tst_daglayout.moc"
