#include "gitfixture.h"

#include "core/git/gitrepository.h"
#include "core/git/remotefetcher.h"

#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

class TstRemoteFetcher : public QObject
{
    Q_OBJECT

private slots:
    void fetchesFromLocalBareRemote();
    void prunesDeletedRemoteBranches();
    void goneRemoteIsAClearError();
    void unknownRemoteIsAClearError();
};

void TstRemoteFetcher::fetchesFromLocalBareRemote()
{
    GitFixture fx;
    const QString bare = fx.init(QStringLiteral("remote.git"), true);
    const QString author = fx.init(QStringLiteral("author"));
    fx.git(author, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                    QStringLiteral("file://") + bare});
    fx.commit(author, QStringLiteral("first"));
    fx.git(author, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                    QStringLiteral("main")});
    fx.git(fx.path(), {QStringLiteral("clone"), QStringLiteral("-q"), bare,
                       QStringLiteral("project")});
    const QString project = fx.path(QStringLiteral("project"));
    const QString second = fx.commit(author, QStringLiteral("second"));
    fx.git(author, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                    QStringLiteral("main")});

    RemoteFetcher fetcher;
    fetcher.setRepository(project);
    fetcher.setInterval(0);
    QSignalSpy spy(&fetcher, &RemoteFetcher::fetchFinished);
    fetcher.start();
    QVERIFY(spy.wait(20000));
    QVERIFY2(spy.at(0).at(0).toBool(), qPrintable(spy.at(0).at(1).toString()));
    QVERIFY(!fetcher.isFetching());
    GitRepository repo;
    QVERIFY(repo.open(project));
    QCOMPARE(repo.resolve(QStringLiteral("refs/remotes/origin/main")), second);
    // The user's branch and working tree are left alone: fetch only moves remote refs.
    QVERIFY(repo.resolve(QStringLiteral("main")) != second);
}

void TstRemoteFetcher::prunesDeletedRemoteBranches()
{
    GitFixture fx;
    const QString bare = fx.init(QStringLiteral("remote.git"), true);
    const QString author = fx.init(QStringLiteral("author"));
    fx.git(author, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                    bare});
    fx.commit(author, QStringLiteral("first"));
    fx.git(author, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                    QStringLiteral("main"), QStringLiteral("main:topic")});
    fx.git(fx.path(), {QStringLiteral("clone"), QStringLiteral("-q"), bare,
                       QStringLiteral("project")});
    const QString project = fx.path(QStringLiteral("project"));
    fx.git(author, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                    QStringLiteral(":topic")});
    QString error;
    QVERIFY2(RemoteFetcher::fetch(project, QStringLiteral("origin"), {}, nullptr, &error),
             qPrintable(error));
    GitRepository repo;
    QVERIFY(repo.open(project));
    const auto tips = repo.tips(QStringLiteral("refs/remotes/origin/"));
    QVERIFY(tips.contains(QStringLiteral("main")));
    QVERIFY(!tips.contains(QStringLiteral("topic")));
}

void TstRemoteFetcher::goneRemoteIsAClearError()
{
    GitFixture fx;
    const QString bare = fx.init(QStringLiteral("remote.git"), true);
    const QString project = fx.init(QStringLiteral("project"));
    fx.commit(project, QStringLiteral("first"));
    fx.git(project, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                     bare});
    QVERIFY(QDir(bare).removeRecursively());

    RemoteFetcher fetcher;
    fetcher.setRepository(project);
    fetcher.setInterval(0);
    QSignalSpy spy(&fetcher, &RemoteFetcher::fetchFinished);
    fetcher.fetchNow();
    QVERIFY(spy.wait(20000));
    QVERIFY(!spy.at(0).at(0).toBool());
    const QString error = spy.at(0).at(1).toString();
    QVERIFY2(error.contains(QStringLiteral("cannot fetch remote 'origin'"))
                 && error.contains(bare),
             qPrintable(error));
}

void TstRemoteFetcher::unknownRemoteIsAClearError()
{
    GitFixture fx;
    const QString project = fx.init(QStringLiteral("project"));
    fx.commit(project, QStringLiteral("first"));
    QString error;
    QVERIFY(!RemoteFetcher::fetch(project, QStringLiteral("upstream"), {}, nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("no remote named 'upstream'")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TstRemoteFetcher)
#include "tst_remotefetcher.moc"
