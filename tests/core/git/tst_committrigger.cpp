#include "gitfixture.h"

#include "core/git/branchwatcher.h"
#include "core/git/committrigger.h"
#include "core/git/gitrepository.h"
#include "core/git/rollbackregistry.h"

#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

class TstCommitTrigger : public QObject
{
    Q_OBJECT

private slots:
    void commitQueuesRunForThatCommit();
    void branchFilterFromPipeline();
    void skipCiIsHonoured();
    void rolledBackCommitIsNotRunAutomatically();
    void deletionStartsNothing();
    void fetchedRemotePushTriggers();
    void badInputFailsToStart();

private:
    static Pipeline pipeline(const QStringList &branches)
    {
        Pipeline p;
        p.name = QStringLiteral("demo");
        p.triggers.pushBranches = branches;
        return p;
    }
    static RunRequest requestAt(const QSignalSpy &spy, int i)
    {
        return spy.at(i).at(0).value<RunRequest>();
    }
};

void TstCommitTrigger::commitQueuesRunForThatCommit()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));

    CommitTrigger trigger;
    trigger.setPipeline(pipeline({QStringLiteral("main")}), QStringLiteral(".pipewright.yml"));
    trigger.setProjectDir(dir);
    trigger.watcher()->setPollInterval(0);
    QList<RunRequest> handled;
    trigger.setHandler([&](const RunRequest &r, const GitCommitInfo &) { handled.append(r); });
    QSignalSpy spy(&trigger, &CommitTrigger::runRequested);
    QVERIFY2(trigger.start(), qPrintable(trigger.errorString()));

    // A message a shell would choke on stays data in the request.
    const QString message = QStringLiteral("fix: $(rm -rf /) `id` \"quoted\"");
    const QString oid = fx.commit(dir, message);
    QTRY_COMPARE(spy.size(), 1);
    const RunRequest r = requestAt(spy, 0);
    QCOMPARE(r.commit, oid);
    QCOMPARE(r.branch, QStringLiteral("main"));
    QCOMPARE(r.commitMessage.trimmed(), message);
    QCOMPARE(r.trigger, QStringLiteral("push"));
    QCOMPARE(r.projectDir, dir);
    QCOMPARE(r.pipelineFile, QStringLiteral(".pipewright.yml"));
    QCOMPARE(r.pipeline.name, QStringLiteral("demo"));
    QVERIFY(r.workspaceDir.isEmpty()); // the engine makes a fresh workspace for the commit
    const GitCommitInfo info = spy.at(0).at(1).value<GitCommitInfo>();
    QCOMPARE(info.authorName, QStringLiteral("Ada Tester"));
    QCOMPARE(handled.size(), 1);
    QCOMPARE(handled.first().commit, oid);
}

void TstCommitTrigger::branchFilterFromPipeline()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    CommitTrigger trigger;
    trigger.setPipeline(pipeline({QStringLiteral("main"), QStringLiteral("release/*")}));
    trigger.setProjectDir(dir);
    trigger.watcher()->setPollInterval(0);
    QSignalSpy spy(&trigger, &CommitTrigger::runRequested);
    QVERIFY(trigger.start());

    fx.git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                 QStringLiteral("wip")});
    fx.commit(dir, QStringLiteral("wip work"));
    fx.git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                 QStringLiteral("release/2.0")});
    const QString rel = fx.commit(dir, QStringLiteral("release"));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(requestAt(spy, 0).branch, QStringLiteral("release/2.0"));
    QCOMPARE(requestAt(spy, 0).commit, rel);
    trigger.watcher()->rescan();
    QCOMPARE(spy.size(), 1);
}

void TstCommitTrigger::skipCiIsHonoured()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    CommitTrigger trigger;
    trigger.setPipeline(pipeline({QStringLiteral("**")}));
    trigger.setProjectDir(dir);
    trigger.watcher()->setPollInterval(0);
    QSignalSpy runs(&trigger, &CommitTrigger::runRequested);
    QSignalSpy skipped(&trigger, &CommitTrigger::commitSkipped);
    QVERIFY(trigger.start());

    const QString docs = fx.commit(dir, QStringLiteral("docs only\n\n[skip ci]"));
    QTRY_COMPARE(skipped.size(), 1);
    QCOMPARE(skipped.at(0).at(0).toString(), docs);
    QVERIFY(skipped.at(0).at(1).toString().contains(QStringLiteral("skip")));
    const QString other = fx.commit(dir, QStringLiteral("[CI SKIP] typo"));
    QTRY_COMPARE(skipped.size(), 2);
    QCOMPARE(skipped.at(1).at(0).toString(), other);
    const QString real = fx.commit(dir, QStringLiteral("real change"));
    QTRY_COMPARE(runs.size(), 1);
    QCOMPARE(requestAt(runs, 0).commit, real);
}

void TstCommitTrigger::rolledBackCommitIsNotRunAutomatically()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString bad = fx.commit(dir, QStringLiteral("bad release"));
    const QString good = fx.commit(dir, QStringLiteral("good release"));
    GitRepository repo;
    QVERIFY(repo.open(dir));
    RollbackRegistry registry(RollbackRegistry::defaultPath(repo.commonDir()));
    QVERIFY(registry.markRolledBack(bad, QStringLiteral("production"),
                                    QStringLiteral("p99 latency")));

    CommitTrigger trigger;
    trigger.setPipeline(pipeline({QStringLiteral("main")}));
    trigger.setProjectDir(dir);
    trigger.watcher()->setPollInterval(0);
    QSignalSpy runs(&trigger, &CommitTrigger::runRequested);
    QSignalSpy skipped(&trigger, &CommitTrigger::commitSkipped);
    QSignalSpy messages(&trigger, &CommitTrigger::message);
    QVERIFY(trigger.start());
    // Someone resets main back onto the rolled-back commit.
    fx.git(dir, {QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"), bad});
    QTRY_COMPARE(skipped.size(), 1);
    const QString reason = skipped.at(0).at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("rolled back from production"))
                 && reason.contains(QStringLiteral("p99 latency")),
             qPrintable(reason));
    bool logged = false;
    for (const auto &m : messages)
        logged = logged || m.at(0).toString() == reason;
    QVERIFY(logged);
    QCOMPARE(runs.size(), 0);
    // Moving on to a commit without a mark runs again.
    fx.git(dir, {QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"), good});
    QTRY_COMPARE(runs.size(), 1);
    QCOMPARE(requestAt(runs, 0).commit, good);
}

void TstCommitTrigger::deletionStartsNothing()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("gone")});
    CommitTrigger trigger;
    trigger.setPipeline(pipeline({QStringLiteral("**")}));
    trigger.setProjectDir(dir);
    trigger.watcher()->setPollInterval(0);
    QSignalSpy runs(&trigger, &CommitTrigger::runRequested);
    QSignalSpy messages(&trigger, &CommitTrigger::message);
    QVERIFY(trigger.start());
    fx.git(dir, {QStringLiteral("branch"), QStringLiteral("-D"), QStringLiteral("gone")});
    QTRY_VERIFY(std::any_of(messages.cbegin(), messages.cend(), [](const QList<QVariant> &m) {
        return m.at(0).toString().contains(QStringLiteral("'gone' was deleted"));
    }));
    QCOMPARE(runs.size(), 0);
}

void TstCommitTrigger::fetchedRemotePushTriggers()
{
    GitFixture fx;
    const QString bare = fx.init(QStringLiteral("remote.git"), true);
    const QString author = fx.init(QStringLiteral("author"));
    fx.git(author, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                    bare});
    fx.commit(author, QStringLiteral("first"));
    fx.git(author, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                    QStringLiteral("main")});
    fx.git(fx.path(), {QStringLiteral("clone"), QStringLiteral("-q"), bare,
                       QStringLiteral("project")});
    const QString project = fx.path(QStringLiteral("project"));

    CommitTrigger trigger;
    trigger.setPipeline(pipeline({QStringLiteral("main")}));
    trigger.setProjectDir(project);
    trigger.setRemote(QStringLiteral("origin"), 100);
    trigger.watcher()->setPollInterval(0);
    QSignalSpy runs(&trigger, &CommitTrigger::runRequested);
    QSignalSpy problems(&trigger, &CommitTrigger::problem);
    QVERIFY2(trigger.start(), qPrintable(trigger.errorString()));

    fx.commit(author, QStringLiteral("second"));
    const QString third = fx.commit(author, QStringLiteral("third"));
    fx.git(author, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                    QStringLiteral("main")});
    QTRY_COMPARE_WITH_TIMEOUT(runs.size(), 1, 20000);
    QCOMPARE(requestAt(runs, 0).commit, third); // two commits, one push, one run
    QCOMPARE(requestAt(runs, 0).branch, QStringLiteral("main"));
    QCOMPARE(problems.size(), 0);

    // The remote disappears: a clear problem, no crash, no run.
    QVERIFY(QDir(bare).removeRecursively());
    QTRY_VERIFY_WITH_TIMEOUT(!problems.isEmpty(), 20000);
    QVERIFY2(problems.at(0).at(0).toString().contains(QStringLiteral("cannot fetch")),
             qPrintable(problems.at(0).at(0).toString()));
    QCOMPARE(runs.size(), 1);
}

void TstCommitTrigger::badInputFailsToStart()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    CommitTrigger trigger;
    trigger.setProjectDir(dir);
    trigger.setPipeline(pipeline({}));
    QVERIFY(!trigger.start());
    QVERIFY2(trigger.errorString().contains(QStringLiteral("no push trigger")),
             qPrintable(trigger.errorString()));

    trigger.setPipeline(pipeline({QStringLiteral("main")}));
    QDir().mkpath(fx.path(QStringLiteral("plain")));
    trigger.setProjectDir(fx.path(QStringLiteral("plain")));
    QVERIFY(!trigger.start());
    QVERIFY(trigger.errorString().contains(QStringLiteral("not a git repository")));

    const QString bare = fx.init(QStringLiteral("bare.git"), true);
    trigger.setProjectDir(bare);
    QVERIFY(!trigger.start());
    QVERIFY(trigger.errorString().contains(QStringLiteral("bare repository")));

    // Detached HEAD is fine: branches are watched, not HEAD.
    fx.git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach")});
    trigger.setProjectDir(dir);
    QVERIFY2(trigger.start(), qPrintable(trigger.errorString()));
}

QTEST_GUILESS_MAIN(TstCommitTrigger)
#include "tst_committrigger.moc"
