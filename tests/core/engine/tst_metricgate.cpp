#include "core/metrics/metricgate.h"

#include <QTest>

using namespace pw::core;

class tst_MetricGate : public QObject
{
    Q_OBJECT

private slots:
    void thresholds_data();
    void thresholds();
    void evaluate();
    void badFile();
};

void tst_MetricGate::thresholds_data()
{
    QTest::addColumn<QString>("threshold");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("accepts");
    QTest::newRow(">= pass") << ">= 0.9" << 0.93 << true << true;
    QTest::newRow(">= boundary") << ">=0.9" << 0.9 << true << true;
    QTest::newRow(">= miss") << ">= 0.9" << 0.89 << true << false;
    QTest::newRow("<= pass") << "<= 120" << 119.0 << true << true;
    QTest::newRow("<= miss") << "<= 120" << 130.0 << true << false;
    QTest::newRow("== float") << "== 0.3" << 0.1 + 0.2 << true << true;
    QTest::newRow("!= 0") << "!= 0" << 0.0 << true << false;
    QTest::newRow("> strict") << "> 1" << 1.0 << true << false;
    QTest::newRow("range in") << "0.8..0.95" << 0.95 << true << true;
    QTest::newRow("range out") << "0.8..0.95" << 0.96 << true << false;
    QTest::newRow("reversed range") << "0.95..0.8" << 0.9 << false << false;
    QTest::newRow("garbage") << "about 3" << 3.0 << false << false;
}

void tst_MetricGate::thresholds()
{
    QFETCH(QString, threshold);
    QFETCH(double, value);
    QFETCH(bool, valid);
    QFETCH(bool, accepts);
    const auto t = MetricGate::parseThreshold(threshold);
    QCOMPARE(t.has_value(), valid);
    if (t)
        QCOMPARE(t->accepts(value), accepts);
}

void tst_MetricGate::evaluate()
{
    const QByteArray json = R"({"accuracy": 0.93, "latency": {"p95_ms": 130}, "f1": "0.91"})";
    const MetricGate pass = MetricGate::evaluate(
        json, {{QStringLiteral("accuracy"), QStringLiteral(">= 0.9")},
               {QStringLiteral("f1"), QStringLiteral("0.9..1")}});
    QVERIFY(pass.passed());
    QVERIFY(pass.table().contains(QStringLiteral("metric gate passed")));

    const MetricGate fail = MetricGate::evaluate(
        json, {{QStringLiteral("accuracy"), QStringLiteral(">= 0.9")},
               {QStringLiteral("latency.p95_ms"), QStringLiteral("<= 120")},
               {QStringLiteral("recall"), QStringLiteral(">= 0.5")}});
    QVERIFY(!fail.passed());
    QCOMPARE(fail.rows().size(), 3);
    QVERIFY(fail.rows().at(0).passed);
    QCOMPARE(fail.rows().at(1).value.value_or(-1), 130.0);
    QVERIFY(!fail.rows().at(1).passed);
    QCOMPARE(fail.rows().at(2).note, QStringLiteral("missing"));
    const QString table = fail.table();
    QVERIFY(table.contains(QStringLiteral("MISSED")));
    QVERIFY(table.contains(QStringLiteral("2 of 3 thresholds missed")));
}

void tst_MetricGate::badFile()
{
    const MetricGate gate = MetricGate::evaluate("{not json", {{QStringLiteral("a"), QStringLiteral(">= 1")}});
    QVERIFY(!gate.passed());
    QVERIFY(gate.error().contains(QStringLiteral("not valid JSON")));
}

QTEST_GUILESS_MAIN(tst_MetricGate)
#include "tst_metricgate.moc"
