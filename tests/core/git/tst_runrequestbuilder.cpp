// RunRequestBuilder: the one place a RunRequest is made. Real repositories written by git.

#include "gitfixture.h"

#include "core/git/gitcommitinfo.h"
#include "core/git/runrequestbuilder.h"
#include "core/pipeline/pipeline.h"

#include <QTest>

using namespace pw::core;

class TestRunRequestBuilder : public QObject
{
    Q_OBJECT

private:
    static Pipeline pipelineNamed(const QString &name)
    {
        Pipeline p;
        p.name = name;
        return p;
    }

private Q_SLOTS:
    void workingTreeCarriesHead()
    {
        GitFixture git;
        const QString repo = git.init(QStringLiteral("repo"));
        // A message with shell metacharacters and a second line: carried byte for byte.
        const QString message = QStringLiteral("fix `id` $(touch x)\n\nbody line");
        const QString oid = git.commit(repo, message);
        const QString file = repo + QStringLiteral("/pipewright.yaml");
        GitFixture::writeFile(file, "name: demo\n");

        const RunRequest r =
            RunRequestBuilder::forWorkingTree(file, pipelineNamed(QStringLiteral("demo")),
                                              QStringLiteral("cli"));
        QCOMPARE(r.commit, oid);
        QCOMPARE(r.branch, QStringLiteral("main"));
        QCOMPARE(r.commitMessage, message); // the final newline git adds is not text
        QCOMPARE(r.commitAuthor, QStringLiteral("Ada Tester"));
        QCOMPARE(r.trigger, QStringLiteral("cli"));
        QCOMPARE(r.projectName, QStringLiteral("demo"));
        QCOMPARE(r.pipelineFile, QFileInfo(file).absoluteFilePath());
        QCOMPARE(r.projectDir, QFileInfo(file).absolutePath());
        QVERIFY(!r.checkoutCommit);
    }

    void pipelineInSubfolderFindsRepository()
    {
        GitFixture git;
        const QString repo = git.init(QStringLiteral("repo"));
        const QString oid = git.commit(repo, QStringLiteral("first"));
        const QString file = repo + QStringLiteral("/ci/pipelines/build.yaml");
        GitFixture::writeFile(file, "name: sub\n");
        const RunRequest r = RunRequestBuilder::forWorkingTree(file, pipelineNamed({}),
                                                               QStringLiteral("gui"));
        QCOMPARE(r.commit, oid);
        QCOMPARE(r.projectDir, repo + QStringLiteral("/ci/pipelines"));
    }

    void detachedHeadHasNoBranch()
    {
        GitFixture git;
        const QString repo = git.init(QStringLiteral("repo"));
        const QString first = git.commit(repo, QStringLiteral("first"));
        git.commit(repo, QStringLiteral("second"));
        git.git(repo, {QStringLiteral("checkout"), QStringLiteral("-q"), first});
        const RunRequest r = RunRequestBuilder::forWorkingTree(
            repo + QStringLiteral("/p.yaml"), pipelineNamed({}), QStringLiteral("cli"));
        QCOMPARE(r.commit, first);
        QVERIFY(r.branch.isEmpty());
        QCOMPARE(r.commitMessage.trimmed(), QStringLiteral("first"));
    }

    void workspaceDirIsTheRepositoryRead()
    {
        GitFixture git;
        const QString a = git.init(QStringLiteral("a"));
        git.commit(a, QStringLiteral("in a"));
        const QString b = git.init(QStringLiteral("b"));
        const QString bOid = git.commit(b, QStringLiteral("in b"));
        const RunRequest r = RunRequestBuilder::forWorkingTree(
            a + QStringLiteral("/p.yaml"), pipelineNamed({}), QStringLiteral("cli"), b);
        QCOMPARE(r.workspaceDir, b);
        QCOMPARE(r.commit, bOid);
    }

    void noRepositoryNoCommit()
    {
        QTemporaryDir dir;
        const QString file = dir.path() + QStringLiteral("/p.yaml");
        const RunRequest r =
            RunRequestBuilder::forWorkingTree(file, pipelineNamed({}), QStringLiteral("cli"));
        QVERIFY(r.commit.isEmpty());
        QVERIFY(r.branch.isEmpty());
        QVERIFY(r.commitMessage.isEmpty());
        QCOMPARE(r.projectDir, dir.path());
    }

    void emptyRepositoryNoCommit()
    {
        GitFixture git;
        const QString repo = git.init(QStringLiteral("empty"));
        const RunRequest r = RunRequestBuilder::forWorkingTree(
            repo + QStringLiteral("/p.yaml"), pipelineNamed({}), QStringLiteral("cli"));
        QVERIFY(r.commit.isEmpty());
    }

    void forCommitChecksOut()
    {
        GitCommitInfo info;
        info.oid = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        info.message = QStringLiteral("msg\n\n");
        info.authorName = QStringLiteral("Bob");
        const RunRequest r = RunRequestBuilder::forCommit(
            QStringLiteral("/tmp/x/p.yaml"), pipelineNamed(QStringLiteral("n")), info,
            QStringLiteral("feature/a"), QStringLiteral("push"), QStringLiteral("/srv/repo"));
        QVERIFY(r.checkoutCommit);
        QCOMPARE(r.commit, info.oid);
        QCOMPARE(r.branch, QStringLiteral("feature/a"));
        QCOMPARE(r.commitMessage, QStringLiteral("msg"));
        QCOMPARE(r.commitAuthor, info.authorName);
        QCOMPARE(r.trigger, QStringLiteral("push"));
        QCOMPARE(r.projectDir, QStringLiteral("/srv/repo"));
        const RunRequest d = RunRequestBuilder::forCommit(
            QStringLiteral("/tmp/x/p.yaml"), pipelineNamed({}), info, {}, QStringLiteral("push"));
        QCOMPARE(d.projectDir, QStringLiteral("/tmp/x"));
    }
};

QTEST_GUILESS_MAIN(TestRunRequestBuilder)
#include "tst_runrequestbuilder.moc"
