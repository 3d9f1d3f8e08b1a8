#include "gitfixture.h"

#include "core/git/githistory.h"

#include <QTest>

using namespace pw::core;

class TstGitHistory : public QObject
{
    Q_OBJECT

private slots:
    void firstParentCommitterTimes();
    void sinceFiltersOldArrivals();
    void shallowCloneIsFlaggedTruncated();
    void badInputIsAnError();

private:
    // Commits with the given committer time ("2024-01-01T09:00:00+0200").
    static QString commitAt(GitFixture &fx, const QString &repo, const QString &message,
                            const QString &when)
    {
        fx.setEnv(QStringLiteral("GIT_COMMITTER_DATE"), when);
        fx.setEnv(QStringLiteral("GIT_AUTHOR_DATE"), when);
        return fx.commit(repo, message);
    }
};

void TstGitHistory::firstParentCommitterTimes()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    commitAt(fx, dir, QStringLiteral("a"), QStringLiteral("2024-01-01T09:00:00+0200"));
    commitAt(fx, dir, QStringLiteral("b"), QStringLiteral("2024-01-01T10:00:00+0200"));
    fx.git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                 QStringLiteral("feature")});
    commitAt(fx, dir, QStringLiteral("f1"), QStringLiteral("2024-01-01T10:20:00+0200"));
    commitAt(fx, dir, QStringLiteral("f2"), QStringLiteral("2024-01-01T10:40:00+0200"));
    fx.git(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    fx.setEnv(QStringLiteral("GIT_COMMITTER_DATE"), QStringLiteral("2024-01-01T12:00:00+0200"));
    fx.git(dir, {QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"),
                 QStringLiteral("-m"), QStringLiteral("merge feature"),
                 QStringLiteral("feature")});

    GitHistory::Result r = GitHistory::read(dir, QStringLiteral("main"));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(!r.truncated);
    // The feature branch's own commits are not arrivals on main: the merge is.
    QCOMPARE(r.arrivals.size(), 3);
    QCOMPARE(r.arrivals.at(0).toString(Qt::ISODate), QStringLiteral("2024-01-01T09:00:00+02:00"));
    QCOMPARE(r.arrivals.at(1).toString(Qt::ISODate), QStringLiteral("2024-01-01T10:00:00+02:00"));
    QCOMPARE(r.arrivals.at(2).toString(Qt::ISODate), QStringLiteral("2024-01-01T12:00:00+02:00"));
    // The feature branch itself has its own first-parent line.
    QCOMPARE(GitHistory::arrivals(dir, QStringLiteral("feature")).size(), 4);

    const ArrivalStatistics s = GitHistory::statistics(dir, QStringLiteral("main"));
    QCOMPARE(s.count, 3);
    QCOMPARE(s.ratePerHour, 2.0 / 3.0);
    QCOMPARE(s.meanInterArrivalSeconds, 5400.0);
    QCOMPARE(s.hourOfWeekCount[9], 1); // Monday 09:00 in the committer's zone
    QCOMPARE(s.hourOfWeekCount[12], 1);
}

void TstGitHistory::sinceFiltersOldArrivals()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    commitAt(fx, dir, QStringLiteral("a"), QStringLiteral("2024-01-01T09:00:00+0000"));
    commitAt(fx, dir, QStringLiteral("b"), QStringLiteral("2024-01-02T09:00:00+0000"));
    commitAt(fx, dir, QStringLiteral("c"), QStringLiteral("2024-01-03T09:00:00+0000"));
    const QDateTime since(QDate(2024, 1, 2), QTime(0, 0), Qt::UTC);
    const auto arrivals = GitHistory::arrivals(dir, QStringLiteral("main"), since);
    QCOMPARE(arrivals.size(), 2);
    QCOMPARE(arrivals.first().toUTC(), QDateTime(QDate(2024, 1, 2), QTime(9, 0), Qt::UTC));
}

void TstGitHistory::shallowCloneIsFlaggedTruncated()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("origin"));
    commitAt(fx, dir, QStringLiteral("a"), QStringLiteral("2024-01-01T09:00:00+0000"));
    commitAt(fx, dir, QStringLiteral("b"), QStringLiteral("2024-01-01T10:00:00+0000"));
    commitAt(fx, dir, QStringLiteral("c"), QStringLiteral("2024-01-01T11:00:00+0000"));
    fx.git(fx.path(), {QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--depth"),
                       QStringLiteral("2"), QStringLiteral("file://") + dir,
                       QStringLiteral("shallow")});
    const GitHistory::Result r = GitHistory::read(fx.path(QStringLiteral("shallow")),
                                                  QStringLiteral("HEAD"));
    QVERIFY(r.truncated);
    QVERIFY(r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("shallow")), qPrintable(r.error));
    QCOMPARE(r.arrivals.size(), 2);
}

void TstGitHistory::badInputIsAnError()
{
    GitFixture fx;
    QDir().mkpath(fx.path(QStringLiteral("plain")));
    QString error;
    QVERIFY(GitHistory::arrivals(fx.path(QStringLiteral("plain")), QStringLiteral("main"), {},
                                 &error)
                .isEmpty());
    QVERIFY2(error.contains(QStringLiteral("not a git repository")), qPrintable(error));
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("a"));
    const GitHistory::Result r = GitHistory::read(dir, QStringLiteral("nope"));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QStringLiteral("nope")), qPrintable(r.error));
    // A bare repository (a server mirror) is a fine source of history.
    fx.git(fx.path(), {QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"),
                       dir, QStringLiteral("mirror.git")});
    QCOMPARE(GitHistory::arrivals(fx.path(QStringLiteral("mirror.git")), QStringLiteral("main"))
                 .size(),
             1);
}

QTEST_GUILESS_MAIN(TstGitHistory)
#include "tst_githistory.moc"
