#include "core/pipeline/whenexpression.h"

#include <QTest>

using namespace pw::core;

class tst_WhenExpression : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("expected");
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("eq") << u"branch == 'main'"_qs << true;
        QTest::newRow("neq") << u"branch != 'main'"_qs << false;
        QTest::newRow("and") << u"branch == 'main' && env.FORCE == '1'"_qs << false;
        QTest::newRow("or") << u"branch == 'dev' || stages.test.result == 'succeeded'"_qs << true;
        QTest::newRow("not") << u"!(branch == 'dev')"_qs << true;
        QTest::newRow("precedence") << u"branch == 'x' && env.FORCE == '1' || true"_qs << true;
        QTest::newRow("unknown name is empty") << u"env.NOPE == ''"_qs << true;
        QTest::newRow("truthy name") << u"env.SET"_qs << true;
        QTest::newRow("double quotes") << u"branch == \"main\""_qs << true;
        QTest::newRow("value with operators is data")
            << u"env.MSG == '$(rm -rf /) && true'"_qs << true;
    }
    void evaluate()
    {
        QFETCH(QString, text);
        QFETCH(bool, expected);
        QString error;
        int column = 0;
        const auto expr = WhenExpression::parse(text, &error, &column);
        QVERIFY2(expr, qPrintable(error));
        const auto resolve = [](const QString &name) -> QString {
            if (name == u"branch")
                return QStringLiteral("main");
            if (name == u"stages.test.result")
                return QStringLiteral("succeeded");
            if (name == u"env.SET")
                return QStringLiteral("yes");
            if (name == u"env.MSG")
                return QStringLiteral("$(rm -rf /) && true");
            return QString();
        };
        QCOMPARE(expr->evaluate(resolve), expected);
    }
    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("column");
        QTest::newRow("dangling and") << u"a == 'b' &&"_qs << 12;
        QTest::newRow("unterminated") << u"a == 'b"_qs << 6;
        QTest::newRow("missing paren") << u"(a == 'b'"_qs << 10;
        QTest::newRow("junk") << u"a == 'b' ;"_qs << 10;
        QTest::newRow("deep") << QString(500, u'(') + u"a"_qs << 201;
    }
    void errors()
    {
        QFETCH(QString, text);
        QFETCH(int, column);
        QString error;
        int errorColumn = 0;
        QVERIFY(!WhenExpression::parse(text, &error, &errorColumn));
        QVERIFY(!error.isEmpty());
        QCOMPARE(errorColumn, column);
    }
};

QTEST_GUILESS_MAIN(tst_WhenExpression)
#include "tst_whenexpression.moc"
