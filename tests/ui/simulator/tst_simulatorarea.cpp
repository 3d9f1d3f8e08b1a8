// The simulator page on the offscreen platform: a slider moves the analytic figures at once,
// the background simulation fills the table, exports work, and a screenshot is saved.
#include "ui/simulator/simulatorarea.h"

#include <QDir>
#include <QLabel>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using pw::ui::SimulatorArea;

class TestSimulatorArea : public QObject
{
    Q_OBJECT

private slots:
    void sliderMovesFiguresAndSimulates()
    {
        SimulatorArea area(nullptr);
        area.resize(1440, 900);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        auto *table = area.findChild<QTableWidget *>(QStringLiteral("comparisonTable"));
        auto *slider = area.findChild<QSlider *>(QStringLiteral("lambdaSlider"));
        auto *spin = area.findChild<QDoubleSpinBox *>(QStringLiteral("lambdaSpin"));
        QVERIFY(table && slider && spin);
        QSignalSpy finished(&area, &SimulatorArea::simulationFinished);

        // Default: M/M/5 with λ = 10/h, μ = 3/h.
        QCOMPARE(area.parameters().servers, 5);
        const QString wqBefore = table->item(4, 0)->text();
        QVERIFY(slider->hasTracking());
        slider->setFocus();
        for (int i = 0; i < 10; ++i)
            QTest::keyClick(slider, Qt::Key_Right);
        QVERIFY(spin->value() > 10.0);
        // Analytic figures follow the slider with no simulation in between.
        QVERIFY(table->item(4, 0)->text() != wqBefore);
        QCOMPARE(area.parameters().lambda, spin->value());

        QVERIFY(finished.wait(60000));
        // The simulation matches the analytic Wq within a few half-widths.
        QTRY_VERIFY(!table->item(4, 1)->text().isEmpty());
        const double analytic = table->item(4, 0)->text().toDouble();
        const double simulated = table->item(4, 1)->text().toDouble();
        const double halfWidth = table->item(4, 2)->text().toDouble();
        QVERIFY2(std::abs(analytic - simulated) <= 4 * halfWidth + 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2 ± %3").arg(analytic).arg(simulated)
                                .arg(halfWidth)));

        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("sim.csv"));
        QVERIFY(area.exportCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        QVERIFY(content.contains("figure,analytic,simulated,halfwidth95"));
        QVERIFY(content.contains("Wq,"));
        QVERIFY(area.exportPng(dir.filePath(QStringLiteral("charts.png"))));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("charts.png"))).size() > 1000);

        const QString shots = QStringLiteral(PW_BINARY_DIR "/screenshots");
        QDir().mkpath(shots);
        QVERIFY(area.grab().save(shots + QStringLiteral("/simulator.png")));
    }

    void unstableShowsNoNumbers()
    {
        SimulatorArea area(nullptr);
        pw::core::QueueParameters p = area.parameters();
        p.lambda = 30.0; // 30/h against 5 × 3/h
        area.setParameters(p);
        auto *table = area.findChild<QTableWidget *>(QStringLiteral("comparisonTable"));
        QCOMPARE(table->item(4, 0)->text(), QStringLiteral("—"));
        auto *status = area.findChild<QLabel *>(QStringLiteral("status"));
        QVERIFY(status->text().contains(u"Unstable"));
    }
};

QTEST_MAIN(TestSimulatorArea)
#include "tst_simulatorarea.moc"
