#include "gitfixture.h"

#include "core/git/commitcheckout.h"

#include <QSignalSpy>
#include <QTest>

using namespace pw::core;

class TstCommitCheckout : public QObject
{
    Q_OBJECT

private slots:
    void checksOutExactCommitWithoutTouchingWorkTree();
    void includesSubmodules();
    void runsOnWorkerThread();
    void refusesNonEmptyWorkspaceAndWorkTree();
    void unknownCommitIsAnError();
};

void TstCommitCheckout::checksOutExactCommitWithoutTouchingWorkTree()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString old = fx.commit(dir, QStringLiteral("old"), QStringLiteral("app.txt"),
                                  "version 1\n");
    GitFixture::writeFile(dir + QStringLiteral("/sub/dir/nested.txt"), "nested\n");
    fx.commit(dir, QStringLiteral("new"), QStringLiteral("app.txt"), "version 2\n");
    // The user's uncommitted work: a dirty tracked file, a staged file, an untracked file.
    GitFixture::writeFile(dir + QStringLiteral("/app.txt"), "dirty edit\n");
    GitFixture::writeFile(dir + QStringLiteral("/staged.txt"), "staged\n");
    fx.git(dir, {QStringLiteral("add"), QStringLiteral("staged.txt")});
    GitFixture::writeFile(dir + QStringLiteral("/untracked.txt"), "mine\n");
    const QString statusBefore = fx.git(dir, {QStringLiteral("status"),
                                              QStringLiteral("--porcelain")});
    const QString headBefore = fx.head(dir);
    const QByteArray indexBefore = GitFixture::readFile(dir + QStringLiteral("/.git/index"));

    const QString ws = fx.path(QStringLiteral("runs/1/workspace"));
    QString error;
    QVERIFY2(CommitCheckout::checkout(dir, old, ws, &error), qPrintable(error));
    QCOMPARE(GitFixture::readFile(ws + QStringLiteral("/app.txt")), QByteArray("version 1\n"));
    QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/sub/dir/nested.txt"))); // not yet then
    QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/untracked.txt")));
    QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/staged.txt")));

    const QString ws2 = fx.path(QStringLiteral("runs/2/workspace"));
    QVERIFY2(CommitCheckout::checkout(dir, headBefore, ws2, &error), qPrintable(error));
    QCOMPARE(GitFixture::readFile(ws2 + QStringLiteral("/app.txt")), QByteArray("version 2\n"));
    QCOMPARE(GitFixture::readFile(ws2 + QStringLiteral("/sub/dir/nested.txt")),
             QByteArray("nested\n"));

    // The working tree, index and HEAD are exactly as the user left them.
    QCOMPARE(GitFixture::readFile(dir + QStringLiteral("/app.txt")), QByteArray("dirty edit\n"));
    QCOMPARE(fx.git(dir, {QStringLiteral("status"), QStringLiteral("--porcelain")}),
             statusBefore);
    QCOMPARE(fx.head(dir), headBefore);
    QCOMPARE(GitFixture::readFile(dir + QStringLiteral("/.git/index")), indexBefore);
}

void TstCommitCheckout::includesSubmodules()
{
    GitFixture fx;
    const QString lib = fx.init(QStringLiteral("lib"));
    const QString libOld = fx.commit(lib, QStringLiteral("lib v1"), QStringLiteral("lib.txt"),
                                     "lib 1\n");
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("first"));
    fx.git(dir, {QStringLiteral("-c"), QStringLiteral("protocol.file.allow=always"),
                 QStringLiteral("submodule"), QStringLiteral("add"), QStringLiteral("-q"), lib,
                 QStringLiteral("third_party/lib")});
    fx.git(dir, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                 QStringLiteral("add lib")});
    const QString withLib = fx.head(dir);
    // The submodule moves on afterwards (in the user's tree): the checkout must use the
    // commit the superproject recorded, not the submodule's current HEAD.
    fx.commit(lib, QStringLiteral("lib v2"), QStringLiteral("lib.txt"), "lib 2\n");
    const QString subDir = dir + QStringLiteral("/third_party/lib");
    fx.git(subDir, {QStringLiteral("pull"), QStringLiteral("-q"), QStringLiteral("origin"),
                    QStringLiteral("main")});
    QCOMPARE(GitFixture::readFile(subDir + QStringLiteral("/lib.txt")), QByteArray("lib 2\n"));
    Q_UNUSED(libOld);

    const QString ws = fx.path(QStringLiteral("ws"));
    QString error;
    QStringList warnings;
    QVERIFY2(CommitCheckout::checkout(dir, withLib, ws, &error, &warnings), qPrintable(error));
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    QCOMPARE(GitFixture::readFile(ws + QStringLiteral("/third_party/lib/lib.txt")),
             QByteArray("lib 1\n"));
    QCOMPARE(GitFixture::readFile(subDir + QStringLiteral("/lib.txt")), QByteArray("lib 2\n"));
}

void TstCommitCheckout::runsOnWorkerThread()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString oid = fx.commit(dir, QStringLiteral("one"), QStringLiteral("a.txt"), "a\n");
    CommitCheckout checkout;
    QSignalSpy spy(&checkout, &CommitCheckout::finished);
    checkout.start(dir, oid, fx.path(QStringLiteral("ws")));
    QVERIFY(spy.wait(20000));
    QVERIFY2(spy.at(0).at(0).toBool(), qPrintable(spy.at(0).at(1).toString()));
    QCOMPARE(GitFixture::readFile(fx.path(QStringLiteral("ws/a.txt"))), QByteArray("a\n"));
}

void TstCommitCheckout::refusesNonEmptyWorkspaceAndWorkTree()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QString oid = fx.commit(dir, QStringLiteral("one"));
    GitFixture::writeFile(fx.path(QStringLiteral("busy/x")), "x");
    QString error;
    QVERIFY(!CommitCheckout::checkout(dir, oid, fx.path(QStringLiteral("busy")), &error));
    QVERIFY2(error.contains(QStringLiteral("not empty")), qPrintable(error));
    QVERIFY(!CommitCheckout::checkout(dir, oid, dir, &error));
    QVERIFY2(error.contains(QStringLiteral("working tree")), qPrintable(error));
}

void TstCommitCheckout::unknownCommitIsAnError()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    fx.commit(dir, QStringLiteral("one"));
    QString error;
    QVERIFY(!CommitCheckout::checkout(dir, QString(40, QLatin1Char('f')),
                                      fx.path(QStringLiteral("ws")), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!CommitCheckout::checkout(fx.path(QStringLiteral("nope")), QStringLiteral("HEAD"),
                                      fx.path(QStringLiteral("ws")), &error));
    QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TstCommitCheckout)
#include "tst_commitcheckout.moc"
