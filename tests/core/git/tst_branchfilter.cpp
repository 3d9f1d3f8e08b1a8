#include "core/git/branchfilter.h"

#include <QTest>

using namespace pw::core;

class TstBranchFilter : public QObject
{
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
};

void TstBranchFilter::matches_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("branch");
    QTest::addColumn<bool>("expected");

    const QStringList mainOnly{QStringLiteral("main")};
    QTest::newRow("exact") << mainOnly << QStringLiteral("main") << true;
    QTest::newRow("exact other") << mainOnly << QStringLiteral("mainline") << false;
    QTest::newRow("empty matches all") << QStringList() << QStringLiteral("x/y") << true;
    const QStringList release{QStringLiteral("release/*")};
    QTest::newRow("star in segment") << release << QStringLiteral("release/1.0") << true;
    QTest::newRow("star stops at slash") << release << QStringLiteral("release/1/hotfix")
                                         << false;
    QTest::newRow("star needs prefix") << release << QStringLiteral("main") << false;
    const QStringList deep{QStringLiteral("feature/**")};
    QTest::newRow("double star") << deep << QStringLiteral("feature/a/b") << true;
    QTest::newRow("question") << QStringList{QStringLiteral("v?")} << QStringLiteral("v1")
                              << true;
    QTest::newRow("dot is literal") << QStringList{QStringLiteral("v1.0")}
                                    << QStringLiteral("v1x0") << false;
    const QStringList exclude{QStringLiteral("**"), QStringLiteral("!wip/*")};
    QTest::newRow("excluded") << exclude << QStringLiteral("wip/try") << false;
    QTest::newRow("not excluded") << exclude << QStringLiteral("main") << true;
    QTest::newRow("only exclusions") << QStringList{QStringLiteral("!wip/*")}
                                     << QStringLiteral("main") << true;
    const QStringList reinclude{QStringLiteral("**"), QStringLiteral("!wip/*"),
                                QStringLiteral("wip/keep")};
    QTest::newRow("last match wins") << reinclude << QStringLiteral("wip/keep") << true;
}

void TstBranchFilter::matches()
{
    QFETCH(QStringList, patterns);
    QFETCH(QString, branch);
    QFETCH(bool, expected);
    QCOMPARE(BranchFilter(patterns).matches(branch), expected);
}

QTEST_GUILESS_MAIN(TstBranchFilter)
#include "tst_branchfilter.moc"
