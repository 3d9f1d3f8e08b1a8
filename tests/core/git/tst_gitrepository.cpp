#include "gitfixture.h"

#include "core/git/gitrepository.h"

#include <QTest>

using namespace pw::core;

class TstGitRepository : public QObject
{
    Q_OBJECT

private slots:
    void opensWorkTreeAndReadsCommits();
    void missingPathIsReported();
    void plainFolderIsNotARepository();
    void bareRepositoryNeedsAllowBare();
    void detachedHeadHasNoBranch();
    void corruptedRefIsReportedNotFatal();
    void shallowCloneIsDetected();
    void tipsReadPackedAndLooseRefs();
    void unknownRevisionIsAnError();
};

void TstGitRepository::opensWorkTreeAndReadsCommits()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString first = fx.commit(dir, QStringLiteral("first"));
    const QString second = fx.commit(dir, QStringLiteral("second line\n\nbody [skip ci]"));

    GitRepository repo;
    QVERIFY2(repo.open(dir), qPrintable(repo.errorString()));
    QCOMPARE(repo.workTree(), dir);
    QVERIFY(!repo.isBare());
    QVERIFY(!repo.isShallow());
    QCOMPARE(repo.currentBranch(), QStringLiteral("main"));
    QCOMPARE(repo.resolve(QStringLiteral("main")), second);
    QCOMPARE(repo.resolve(QStringLiteral("HEAD~1")), first);

    const auto info = repo.commit(second);
    QVERIFY(info.has_value());
    QCOMPARE(info->authorName, QStringLiteral("Ada Tester"));
    QCOMPARE(info->authorEmail, QStringLiteral("ada@example.org"));
    QCOMPARE(info->summary(), QStringLiteral("second line"));
    QCOMPARE(info->parents, QStringList{first});
    QVERIFY(info->requestsSkipCi());
    QVERIFY(!repo.commit(first)->requestsSkipCi());

    const auto recent = repo.recentCommits(QStringLiteral("main"), 10);
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent.at(0).oid, second);
    QCOMPARE(recent.at(1).oid, first);
    QVERIFY(repo.isAncestor(first, second));
    QVERIFY(!repo.isAncestor(second, first));
    QCOMPARE(repo.countCommits(second, {first}), 1);
}

void TstGitRepository::missingPathIsReported()
{
    GitFixture fx;
    GitRepository repo;
    QVERIFY(!repo.open(fx.path(QStringLiteral("nowhere"))));
    QVERIFY2(repo.errorString().contains(QStringLiteral("does not exist")),
             qPrintable(repo.errorString()));
}

void TstGitRepository::plainFolderIsNotARepository()
{
    GitFixture fx;
    QDir().mkpath(fx.path(QStringLiteral("plain")));
    GitRepository repo;
    QVERIFY(!repo.open(fx.path(QStringLiteral("plain"))));
    QVERIFY2(repo.errorString().contains(QStringLiteral("not a git repository")),
             qPrintable(repo.errorString()));
    QVERIFY(!repo.isOpen());
    QVERIFY(repo.currentBranch().isEmpty()); // no crash on a closed repository
    QVERIFY(repo.tips(QStringLiteral("refs/heads/")).isEmpty());
}

void TstGitRepository::bareRepositoryNeedsAllowBare()
{
    GitFixture fx;
    const QString bare = fx.init(QStringLiteral("bare.git"), true);
    GitRepository repo;
    QVERIFY(!repo.open(bare));
    QVERIFY2(repo.errorString().contains(QStringLiteral("bare repository")),
             qPrintable(repo.errorString()));
    QVERIFY(repo.open(bare, GitRepository::OpenMode::AllowBare));
    QVERIFY(repo.isBare());
    QVERIFY(repo.workTree().isEmpty());
}

void TstGitRepository::detachedHeadHasNoBranch()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString first = fx.commit(dir, QStringLiteral("first"));
    fx.commit(dir, QStringLiteral("second"));
    fx.git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), first});

    GitRepository repo;
    QVERIFY(repo.open(dir));
    QVERIFY(repo.isHeadDetached());
    QVERIFY(repo.currentBranch().isEmpty());
    QVERIFY2(repo.errorString().contains(QStringLiteral("detached at ") + first.left(10)),
             qPrintable(repo.errorString()));
    QCOMPARE(repo.tips(QStringLiteral("refs/heads/")).size(), 1);
}

void TstGitRepository::corruptedRefIsReportedNotFatal()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString good = fx.commit(dir, QStringLiteral("first"));
    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("broken")});
    GitFixture::writeFile(dir + QStringLiteral("/.git/refs/heads/broken"), "not an oid\n");
    GitFixture::writeFile(dir + QStringLiteral("/.git/refs/heads/main"), "garbage\n");

    GitRepository repo;
    QVERIFY(repo.open(dir));
    QVERIFY(repo.currentBranch().isEmpty());
    QVERIFY2(repo.errorString().contains(QStringLiteral("HEAD")),
             qPrintable(repo.errorString()));
    QVERIFY(repo.resolve(QStringLiteral("broken")).isEmpty());
    QVERIFY(!repo.errorString().isEmpty());
    QStringList problems;
    const auto tips = repo.tips(QStringLiteral("refs/heads/"), &problems);
    QVERIFY(tips.isEmpty());
    QVERIFY(!problems.isEmpty());
    QVERIFY2(problems.first().contains(QStringLiteral("corrupted")), qPrintable(problems.first()));
    QVERIFY(repo.commit(good).has_value()); // the objects are still readable
}

void TstGitRepository::shallowCloneIsDetected()
{
    GitFixture fx;
    const QString origin = fx.init(QStringLiteral("origin"));
    fx.commit(origin, QStringLiteral("one"));
    fx.commit(origin, QStringLiteral("two"));
    const QString three = fx.commit(origin, QStringLiteral("three"));
    fx.git(fx.path(), {QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--depth"),
                       QStringLiteral("1"), QStringLiteral("file://") + origin,
                       QStringLiteral("shallow")});
    GitRepository repo;
    QVERIFY(repo.open(fx.path(QStringLiteral("shallow"))));
    QVERIFY(repo.isShallow());
    const auto recent = repo.recentCommits(QStringLiteral("HEAD"), 10);
    QCOMPARE(recent.size(), 1); // stops at the shallow boundary instead of failing
    QCOMPARE(recent.first().oid, three);
}

void TstGitRepository::tipsReadPackedAndLooseRefs()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString first = fx.commit(dir, QStringLiteral("first"));
    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("feature/deep/x")});
    fx.git(dir, {QStringLiteral("pack-refs"), QStringLiteral("--all")});
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/.git/refs/heads/main")));
    const QString second = fx.commit(dir, QStringLiteral("second")); // loose again

    GitRepository repo;
    QVERIFY(repo.open(dir));
    const auto tips = repo.tips(QStringLiteral("refs/heads/"));
    QCOMPARE(tips.size(), 2);
    QCOMPARE(tips.value(QStringLiteral("main")), second);
    QCOMPARE(tips.value(QStringLiteral("feature/deep/x")), first);
}

void TstGitRepository::unknownRevisionIsAnError()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    GitRepository repo;
    QVERIFY(repo.open(dir));
    QVERIFY(repo.resolve(QStringLiteral("no-such-branch")).isEmpty());
    QVERIFY2(repo.errorString().contains(QStringLiteral("no-such-branch")),
             qPrintable(repo.errorString()));
    QVERIFY(!repo.commit(QStringLiteral("0123456789012345678901234567890123456789")));
    QVERIFY(!repo.commit(QStringLiteral("xyz")));
}

QTEST_GUILESS_MAIN(TstGitRepository)
#include "tst_gitrepository.moc"
