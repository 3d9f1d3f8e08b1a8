// Translation of GitHub `if:` and GitLab `rules: if:` conditions into `when`.
#include "core/pipeline/importers/ciexpressionparser.h"

#include <QTest>

using namespace pw::core;

Q_DECLARE_METATYPE(CiExpressionParser::Dialect)

class TestCiExpressionParser : public QObject
{
    Q_OBJECT

private slots:
    void translate_data();
    void translate();
    void regexToGlob_data();
    void regexToGlob();
};

void TestCiExpressionParser::translate_data()
{
    using D = CiExpressionParser::Dialect;
    QTest::addColumn<D>("dialect");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QStringList>("branches");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<int>("status"); // WhenSpec::Status

    const int success = int(WhenSpec::Status::Success);
    QTest::newRow("gh ref") << D::GitHub << "github.ref == 'refs/heads/main'" << true
                            << QStringList{QStringLiteral("main")} << "" << success;
    QTest::newRow("gh two refs")
        << D::GitHub << "github.ref == 'refs/heads/main' || github.ref_name == 'dev'" << true
        << QStringList{QStringLiteral("main"), QStringLiteral("dev")} << "" << success;
    QTest::newRow("gh startsWith and env")
        << D::GitHub << "startsWith(github.ref, 'refs/heads/release/') && env.X != 'no'" << true
        << QStringList{QStringLiteral("release/*")} << "env.X != 'no'" << success;
    QTest::newRow("gh always") << D::GitHub << "always()" << true << QStringList{} << ""
                               << int(WhenSpec::Status::Always);
    QTest::newRow("gh needs result")
        << D::GitHub << "needs.build.result == 'failure'" << true << QStringList{}
        << "stages.build.result == 'failed'" << success;
    QTest::newRow("gh not ref")
        << D::GitHub << "github.ref != 'refs/heads/main'" << true << QStringList{}
        << "!(branch == 'main')" << success;
    QTest::newRow("gh event") << D::GitHub << "github.event_name == 'push'" << false
                              << QStringList{} << "" << success;
    QTest::newRow("gh contains") << D::GitHub << "contains(github.ref, 'x')" << false
                                 << QStringList{} << "" << success;
    QTest::newRow("gl branch") << D::GitLab << "$CI_COMMIT_BRANCH == \"main\"" << true
                               << QStringList{QStringLiteral("main")} << "" << success;
    QTest::newRow("gl regex and var")
        << D::GitLab << "$CI_COMMIT_BRANCH =~ /^core_r/ && $PUBLISH == \"yes\"" << true
        << QStringList{QStringLiteral("core_r*")} << "env.PUBLISH == 'yes'" << success;
    QTest::newRow("gl bare var") << D::GitLab << "$DEPLOY" << true << QStringList{}
                                 << "env.DEPLOY != ''" << success;
    QTest::newRow("gl parens")
        << D::GitLab << "($A == \"1\" || $B == \"2\") && $C != \"3\"" << true << QStringList{}
        << "(env.A == '1' || env.B == '2') && env.C != '3'" << success;
    QTest::newRow("gl pipeline source") << D::GitLab << "$CI_PIPELINE_SOURCE == \"schedule\""
                                        << false << QStringList{} << "" << success;
    QTest::newRow("gl complex regex") << D::GitLab << "$CI_COMMIT_BRANCH =~ /^v\\d+/" << false
                                      << QStringList{} << "" << success;
    QTest::newRow("gl glob under not")
        << D::GitLab << "$CI_COMMIT_BRANCH !~ /^release/ && $X == \"1\"" << false
        << QStringList{} << "" << success;
    QTest::newRow("gl unterminated") << D::GitLab << "$A == \"x" << false << QStringList{} << ""
                                     << success;
}

void TestCiExpressionParser::translate()
{
    QFETCH(CiExpressionParser::Dialect, dialect);
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QStringList, branches);
    QFETCH(QString, expression);
    QFETCH(int, status);
    CiExpressionParser parser(dialect);
    const std::optional<ConditionExpr> e = parser.parse(text);
    WhenSpec when;
    QString why;
    const bool applied = e && e->applyTo(when, &why);
    QCOMPARE(applied, ok);
    if (!ok) {
        QVERIFY(!parser.error().isEmpty() || !why.isEmpty());
        QVERIFY(when.isDefault());
        return;
    }
    QCOMPARE(when.branches, branches);
    QCOMPARE(when.expression, expression);
    QCOMPARE(int(when.status), status);
}

void TestCiExpressionParser::regexToGlob_data()
{
    QTest::addColumn<QString>("regex");
    QTest::addColumn<QString>("glob");
    QTest::newRow("prefix") << "^release" << "release*";
    QTest::newRow("exact") << "^main$" << "main";
    QTest::newRow("escaped slash") << "^release\\/.*$" << "release/*";
    QTest::newRow("class") << "^v\\d" << "";
    QTest::newRow("unanchored") << "main" << "";
    QTest::newRow("alternation") << "^(a|b)" << "";
}

void TestCiExpressionParser::regexToGlob()
{
    QFETCH(QString, regex);
    QFETCH(QString, glob);
    QCOMPARE(CiExpressionParser::regexToGlob(regex), glob);
}

QTEST_GUILESS_MAIN(TestCiExpressionParser)
#include "tst_ciexpressionparser.moc"
