#include "../testsettings.h"

#include "ui/pipeline/problemsmodel.h"

#include <QIcon>
#include <QTest>

using pw::core::Diagnostic;
using pw::ui::ProblemsModel;

class TestProblemsModel : public QObject
{
    Q_OBJECT

private slots:
    void showsFileLineColumnAndMessage()
    {
        ProblemsModel model;
        const QString file = QStringLiteral("/some/dir/.pipewright.yml");
        model.setDiagnostics({
            Diagnostic::error(file, {8, 13}, QStringLiteral("unknown stage 'biuld'")),
            Diagnostic::warning(file, {3, 0}, QStringLiteral("no column")),
            Diagnostic::error(file, {}, QStringLiteral("file is empty")),
        });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 2);
        const auto text = [&](int row, int column) {
            return model.index(row, column).data().toString();
        };
        QCOMPARE(text(0, ProblemsModel::LocationColumn), QStringLiteral(".pipewright.yml:8:13"));
        QCOMPARE(text(0, ProblemsModel::MessageColumn), QStringLiteral("unknown stage 'biuld'"));
        QCOMPARE(text(1, ProblemsModel::LocationColumn), QStringLiteral(".pipewright.yml:3"));
        QCOMPARE(text(2, ProblemsModel::LocationColumn), QStringLiteral(".pipewright.yml"));
        QCOMPARE(model.index(0, 0).data(ProblemsModel::LineRole).toInt(), 8);
        QCOMPARE(model.index(0, 0).data(ProblemsModel::ColumnRole).toInt(), 13);
        QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(file));
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.errorCount(), 2);
        QCOMPARE(model.warningCount(), 1);
    }

    void resetReplacesRows()
    {
        ProblemsModel model;
        model.setDiagnostics({Diagnostic::error(QStringLiteral("a"), {1, 1}, QStringLiteral("x"))});
        QCOMPARE(model.rowCount(), 1);
        model.setDiagnostics({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.errorCount(), 0);
    }
};

QTEST_MAIN(TestProblemsModel)
#include "tst_problemsmodel.moc"
