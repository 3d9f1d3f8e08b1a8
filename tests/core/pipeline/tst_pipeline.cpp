#include "core/pipeline/pipeline.h"

#include <QTest>

using namespace pw::core;

namespace {
Pipeline make(const QList<std::pair<QString, QStringList>> &stages)
{
    Pipeline p;
    for (const auto &[id, needs] : stages) {
        StageSpec s;
        s.id = id;
        s.needs = needs;
        p.stages.append(s);
    }
    return p;
}
QStringList ids(const Pipeline &p, const QList<int> &order)
{
    QStringList out;
    for (int i : order)
        out << p.stages[i].id;
    return out;
}
} // namespace

class tst_Pipeline : public QObject
{
    Q_OBJECT

private slots:
    void topologicalOrderFollowsNeeds()
    {
        const Pipeline p = make({{u"deploy"_qs, {u"test"_qs, u"image"_qs}},
                                 {u"test"_qs, {u"build"_qs}},
                                 {u"build"_qs, {}},
                                 {u"image"_qs, {u"build"_qs}},
                                 {u"docs"_qs, {}}});
        QCOMPARE(ids(p, p.topologicalOrder()),
                 (QStringList{u"build"_qs, u"test"_qs, u"image"_qs, u"deploy"_qs, u"docs"_qs}));
    }
    void levels()
    {
        const Pipeline p = make({{u"a"_qs, {}},
                                 {u"b"_qs, {u"a"_qs}},
                                 {u"c"_qs, {u"a"_qs}},
                                 {u"d"_qs, {u"b"_qs, u"a"_qs}},
                                 {u"e"_qs, {}}});
        const QList<QStringList> expected = {{u"a"_qs, u"e"_qs}, {u"b"_qs, u"c"_qs}, {u"d"_qs}};
        QCOMPARE(p.levels(), expected);
    }
    void cycleIsFoundAndOrderIsEmpty()
    {
        const Pipeline p = make({{u"a"_qs, {}},
                                 {u"b"_qs, {u"d"_qs}},
                                 {u"c"_qs, {u"b"_qs}},
                                 {u"d"_qs, {u"c"_qs, u"a"_qs}}});
        QVERIFY(p.topologicalOrder().isEmpty());
        QVERIFY(p.levels().isEmpty());
        const QStringList cycle = p.findCycle();
        QCOMPARE(cycle.size(), 4);
        QCOMPARE(cycle.first(), cycle.last());
        QVERIFY(cycle.contains(u"b"_qs) && cycle.contains(u"c"_qs) && cycle.contains(u"d"_qs));
        QVERIFY(!cycle.contains(u"a"_qs));
    }
    void cycleIfNeededGivesTheClosedPath()
    {
        // a <- b <- c : c already needs b, b needs a. "a needs c" closes a -> c -> b -> a.
        const Pipeline p = make({{u"a"_qs, {}}, {u"b"_qs, {u"a"_qs}}, {u"c"_qs, {u"b"_qs}},
                                 {u"x"_qs, {}}});
        QCOMPARE(p.cycleIfNeeded(u"a"_qs, u"c"_qs),
                 (QStringList{u"a"_qs, u"c"_qs, u"b"_qs, u"a"_qs}));
        QCOMPARE(p.cycleIfNeeded(u"b"_qs, u"b"_qs), (QStringList{u"b"_qs, u"b"_qs}));
        QVERIFY(p.cycleIfNeeded(u"c"_qs, u"a"_qs).isEmpty()); // a shortcut, not a cycle
        QVERIFY(p.cycleIfNeeded(u"x"_qs, u"c"_qs).isEmpty());
        QVERIFY(p.cycleIfNeeded(u"c"_qs, u"x"_qs).isEmpty());
        QVERIFY(p.cycleIfNeeded(u"a"_qs, u"unknown"_qs).isEmpty());
    }
    void withoutStagesDropsStagesAndTheirNeeds()
    {
        Pipeline p = make({{u"build"_qs, {}}, {u"test"_qs, {u"build"_qs}},
                           {u"deploy"_qs, {u"test"_qs, u"build"_qs}}});
        p.name = u"n"_qs;
        p.stages[2].needsLocations = {SourceLocation{3, 4}, SourceLocation{3, 10}};
        const Pipeline q = p.withoutStages({u"build"_qs});
        QCOMPARE(q.name, u"n"_qs);
        QCOMPARE(q.stages.size(), 2);
        QCOMPARE(q.stages[0].id, u"test"_qs);
        QVERIFY(q.stages[0].needs.isEmpty());
        QCOMPARE(q.stages[1].needs, QStringList{u"test"_qs});
        QCOMPARE(q.stages[1].needsLocations.size(), 1);
        QCOMPARE(q.stages[1].needsLocations[0].column, 4);
        QCOMPARE(ids(q, q.topologicalOrder()), (QStringList{u"test"_qs, u"deploy"_qs}));
        QCOMPARE(p.withoutStages({}), p);
    }
    void unknownNeedGivesNoOrder()
    {
        const Pipeline p = make({{u"a"_qs, {u"zz"_qs}}});
        QVERIFY(p.topologicalOrder().isEmpty());
        QVERIFY(p.findCycle().isEmpty());
    }
    void largeChain()
    {
        QList<std::pair<QString, QStringList>> chain;
        for (int i = 0; i < 300; ++i)
            chain.append({QString::number(i), i ? QStringList{QString::number(i - 1)} : QStringList{}});
        const Pipeline p = make(chain);
        QCOMPARE(p.levels().size(), 300);
        QCOMPARE(p.topologicalOrder().size(), 300);
    }
};

QTEST_GUILESS_MAIN(tst_Pipeline)
#include "tst_pipeline.moc"
