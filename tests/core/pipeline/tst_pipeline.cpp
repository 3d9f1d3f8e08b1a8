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
