#include "gitfixture.h"

#include "core/git/branchwatcher.h"

#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

class TstBranchWatcher : public QObject
{
    Q_OBJECT

private slots:
    void commitEmitsOneEventWithTheNewTip();
    void severalCommitsInOnePushAreOneEvent();
    void branchFilterDropsOtherBranches();
    void packedRefsAreFollowed();
    void forcePushAndDeletionAreClassified();
    void pollingFallbackWithoutFileWatcher();
    void corruptedRefIsAProblemNotACrash();
    void repositoryThatGoesAwayStopsTheWatcher();
    void notARepositoryFailsToStart();

private:
    static BranchEvent eventAt(const QSignalSpy &spy, int i)
    {
        return spy.at(i).at(0).value<BranchEvent>();
    }
};

void TstBranchWatcher::commitEmitsOneEventWithTheNewTip()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString first = fx.commit(dir, QStringLiteral("first"));

    BranchWatcher watcher;
    watcher.setPollInterval(0); // the file-system watcher alone must see the commit
    QSignalSpy spy(&watcher, &BranchWatcher::branchChanged);
    QVERIFY2(watcher.start(dir), qPrintable(watcher.errorString()));
    QVERIFY(watcher.isWatchingFileSystem());
    QCOMPARE(watcher.tips().value(QStringLiteral("main")), first);

    const QString second = fx.commit(dir, QStringLiteral("second"));
    QTRY_COMPARE(spy.size(), 1);
    const BranchEvent e = eventAt(spy, 0);
    QCOMPARE(e.branch, QStringLiteral("main"));
    QCOMPARE(e.oldOid, first);
    QCOMPARE(e.newOid, second);
    QCOMPARE(e.kind, BranchEvent::Kind::FastForward);
    QCOMPARE(e.commitCount, 1);
    // Unrelated git activity (status writes the index) does not produce events.
    fx.git(dir, {QStringLiteral("status")});
    watcher.rescan();
    QCOMPARE(spy.size(), 1);
}

void TstBranchWatcher::severalCommitsInOnePushAreOneEvent()
{
    GitFixture fx;
    const QString remote = fx.init(QStringLiteral("remote.git"), true);
    const QString work = fx.init(QStringLiteral("work"));
    fx.git(work, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                  remote});
    const QString base = fx.commit(work, QStringLiteral("base"));
    fx.git(work, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                  QStringLiteral("main")});

    BranchWatcher watcher;
    watcher.setPollInterval(0);
    QSignalSpy spy(&watcher, &BranchWatcher::branchChanged);
    QVERIFY(watcher.start(remote)); // a bare repository receiving pushes
    fx.commit(work, QStringLiteral("a"));
    fx.commit(work, QStringLiteral("b"));
    const QString tip = fx.commit(work, QStringLiteral("c"));
    fx.git(work, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                  QStringLiteral("main")});
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(eventAt(spy, 0).oldOid, base);
    QCOMPARE(eventAt(spy, 0).newOid, tip);
    QCOMPARE(eventAt(spy, 0).commitCount, 3);
    // Whatever further file events the push caused, a rescan finds nothing new.
    watcher.rescan();
    QCOMPARE(spy.size(), 1);
}

void TstBranchWatcher::branchFilterDropsOtherBranches()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    BranchWatcher watcher;
    watcher.setPollInterval(0);
    watcher.setBranchFilter(BranchFilter({QStringLiteral("release/*")}));
    QSignalSpy spy(&watcher, &BranchWatcher::branchChanged);
    QVERIFY(watcher.start(dir));

    fx.git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                 QStringLiteral("feature/x")});
    fx.commit(dir, QStringLiteral("feature work"));
    fx.git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                 QStringLiteral("release/1.0")});
    const QString rel = fx.commit(dir, QStringLiteral("release work"));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(eventAt(spy, 0).branch, QStringLiteral("release/1.0"));
    QCOMPARE(eventAt(spy, 0).newOid, rel);
    QCOMPARE(eventAt(spy, 0).kind, BranchEvent::Kind::Created);
    QCOMPARE(eventAt(spy, 0).commitCount, 1); // only the commit no other branch has
    watcher.rescan();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(watcher.tips().size(), 3); // tracked, just not reported
}

void TstBranchWatcher::packedRefsAreFollowed()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("old")});
    fx.git(dir, {QStringLiteral("pack-refs"), QStringLiteral("--all")});

    BranchWatcher watcher;
    watcher.setPollInterval(0);
    QSignalSpy spy(&watcher, &BranchWatcher::branchChanged);
    QVERIFY(watcher.start(dir));
    QCOMPARE(watcher.tips().size(), 2);

    // Re-packing moves refs between files without changing a tip: no event.
    fx.commit(dir, QStringLiteral("second"));
    QTRY_COMPARE(spy.size(), 1);
    fx.git(dir, {QStringLiteral("pack-refs"), QStringLiteral("--all")});
    watcher.rescan();
    QCOMPARE(spy.size(), 1);

    // A commit on a packed branch writes a loose ref that shadows the packed one.
    const QString third = fx.commit(dir, QStringLiteral("third"));
    QTRY_COMPARE(spy.size(), 2);
    QCOMPARE(eventAt(spy, 1).newOid, third);

    // Deleting a branch that lives only in packed-refs rewrites packed-refs.
    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("-D"), QStringLiteral("old")});
    QTRY_COMPARE(spy.size(), 3);
    QCOMPARE(eventAt(spy, 2).branch, QStringLiteral("old"));
    QCOMPARE(eventAt(spy, 2).kind, BranchEvent::Kind::Deleted);
    QVERIFY(eventAt(spy, 2).newOid.isEmpty());
}

void TstBranchWatcher::forcePushAndDeletionAreClassified()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    const QString second = fx.commit(dir, QStringLiteral("second"));
    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("topic")});

    BranchWatcher watcher;
    watcher.setPollInterval(0);
    QSignalSpy spy(&watcher, &BranchWatcher::branchChanged);
    QVERIFY(watcher.start(dir));
    fx.git(dir, {QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"),
                 QStringLiteral("HEAD~1")});
    QTRY_COMPARE(spy.size(), 1);
    const QString rewritten = fx.commit(dir, QStringLiteral("rewritten"));
    QTRY_COMPARE(spy.size(), 2);
    const BranchEvent e = eventAt(spy, 1);
    QCOMPARE(e.kind, BranchEvent::Kind::FastForward); // on top of the reset tip
    QCOMPARE(e.newOid, rewritten);
    // Relative to what the watcher saw first, the history was rewritten.
    const BranchEvent reset = eventAt(spy, 0);
    QCOMPARE(reset.oldOid, second);
    QCOMPARE(reset.kind, BranchEvent::Kind::ForcePush);
    QCOMPARE(reset.commitCount, 0);

    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("-D"), QStringLiteral("topic")});
    QTRY_COMPARE(spy.size(), 3);
    QCOMPARE(eventAt(spy, 2).kind, BranchEvent::Kind::Deleted);
    QCOMPARE(eventAt(spy, 2).oldOid, second);
}

void TstBranchWatcher::pollingFallbackWithoutFileWatcher()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    BranchWatcher watcher;
    watcher.setFileSystemWatchEnabled(false);
    watcher.setPollInterval(50);
    QSignalSpy spy(&watcher, &BranchWatcher::branchChanged);
    QVERIFY(watcher.start(dir));
    QVERIFY(!watcher.isWatchingFileSystem());
    const QString second = fx.commit(dir, QStringLiteral("second"));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(eventAt(spy, 0).newOid, second);
}

void TstBranchWatcher::corruptedRefIsAProblemNotACrash()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("fragile")});
    BranchWatcher watcher;
    // Written in place (git itself renames a lock file): only polling sees such a write.
    watcher.setPollInterval(50);
    QSignalSpy events(&watcher, &BranchWatcher::branchChanged);
    QSignalSpy problems(&watcher, &BranchWatcher::problem);
    QVERIFY(watcher.start(dir));
    GitFixture::writeFile(dir + QStringLiteral("/.git/refs/heads/fragile"), "garbage\n");
    QTRY_COMPARE(problems.size(), 1);
    QVERIFY2(problems.at(0).at(0).toString().contains(QStringLiteral("fragile")),
             qPrintable(problems.at(0).at(0).toString()));
    QCOMPARE(events.size(), 0); // unreadable is not deleted
    watcher.rescan();
    QCOMPARE(problems.size(), 1); // reported once
    // The other branches keep working.
    const QString second = fx.commit(dir, QStringLiteral("second"));
    QTRY_COMPARE(events.size(), 1);
    QCOMPARE(events.at(0).at(0).value<BranchEvent>().newOid, second);
}

void TstBranchWatcher::repositoryThatGoesAwayStopsTheWatcher()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    BranchWatcher watcher;
    watcher.setPollInterval(0);
    QSignalSpy problems(&watcher, &BranchWatcher::problem);
    QVERIFY(watcher.start(dir));
    QVERIFY(QDir(dir).removeRecursively());
    watcher.rescan();
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.at(0).at(0).toString().contains(QStringLiteral("gone")));
    QVERIFY(!watcher.isRunning());
}

void TstBranchWatcher::notARepositoryFailsToStart()
{
    GitFixture fx;
    QDir().mkpath(fx.path(QStringLiteral("plain")));
    BranchWatcher watcher;
    QVERIFY(!watcher.start(fx.path(QStringLiteral("plain"))));
    QVERIFY(watcher.errorString().contains(QStringLiteral("not a git repository")));
    QVERIFY(!watcher.isRunning());
}

QTEST_GUILESS_MAIN(TstBranchWatcher)
#include "tst_branchwatcher.moc"
