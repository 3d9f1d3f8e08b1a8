// DemoProject: the compiled-in demo copied out as a new git repository. The repository is
// read back with the git command line, as a user would.

#include "gitfixture.h"

#include "core/git/demoproject.h"
#include "core/pipeline/pipelineloader.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QTest>

using namespace pw::core;

class TestDemoProject : public QObject
{
    Q_OBJECT

private:
    // The demo in the source tree, less what running it there leaves behind.
    static QStringList sourceFiles()
    {
        const QString root = QStringLiteral(PW_SOURCE_DIR "/resources/demo");
        QStringList out;
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString rel = it.next().mid(root.size() + 1);
            if (rel.contains(QLatin1String("__pycache__")) || rel.startsWith(u"model/")
                || rel == u"metrics.json")
                continue;
            out << rel;
        }
        out.sort();
        return out;
    }

private Q_SLOTS:
    void compiledInDemoIsTheSourceTreeDemo()
    {
        // A file added to resources/demo but not to resources/demo.qrc would be missing.
        const QStringList files = DemoProject::files();
        QCOMPARE(files, sourceFiles());
        QVERIFY(files.contains(QStringLiteral(".pipewright.yml")));
        for (const QString &name : files) {
            QFile f(QStringLiteral(PW_SOURCE_DIR "/resources/demo/") + name);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(DemoProject::fileContent(name), f.readAll());
        }
    }

    void createMakesARepositoryWithOneCommitOnMain()
    {
        GitFixture git;
        const QString dir = git.path(QStringLiteral("new/parent/demo"));
        const DemoProject::Result r = DemoProject::create(dir);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.directory, dir);
        QCOMPARE(r.pipelineFile, dir + QStringLiteral("/.pipewright.yml"));
        QCOMPARE(r.commit.size(), 40);

        QCOMPARE(git.git(dir, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), r.commit);
        QCOMPARE(git.git(dir, {QStringLiteral("symbolic-ref"), QStringLiteral("--short"),
                               QStringLiteral("HEAD")}),
                 QStringLiteral("main"));
        QCOMPARE(git.git(dir, {QStringLiteral("rev-list"), QStringLiteral("--count"),
                               QStringLiteral("HEAD")}),
                 QStringLiteral("1"));
        // Everything committed, nothing left over, every file tracked.
        QCOMPARE(git.git(dir, {QStringLiteral("status"), QStringLiteral("--porcelain")}),
                 QString());
        QStringList tracked = git.git(dir, {QStringLiteral("ls-files")}).split(u'\n');
        tracked.sort();
        QCOMPARE(tracked, DemoProject::files());
        // The smoke script keeps its executable bit in git.
        QVERIFY(git.git(dir, {QStringLiteral("ls-files"), QStringLiteral("-s"),
                              QStringLiteral("smoke.sh")})
                    .startsWith(QLatin1String("100755")));

        const PipelineLoadResult loaded = PipelineLoader::loadFile(r.pipelineFile);
        QVERIFY(loaded.ok());
        QVERIFY(loaded.diagnostics.isEmpty());
        QVERIFY(loaded.pipeline.stage(QStringLiteral("quality-gate")) != nullptr);
    }

    void refusesAFolderThatIsNotEmpty()
    {
        GitFixture git;
        const QString dir = git.path(QStringLiteral("busy"));
        GitFixture::writeFile(dir + QStringLiteral("/.keep"), "mine\n");
        const DemoProject::Result r = DemoProject::create(dir);
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QLatin1String("not empty")));
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral(".keep")});
        QCOMPARE(GitFixture::readFile(dir + QStringLiteral("/.keep")), QByteArray("mine\n"));
    }

    void createsInAnEmptyFolder()
    {
        GitFixture git;
        const QString dir = git.path(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(dir));
        const DemoProject::Result r = DemoProject::create(dir);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(QFileInfo(dir + QStringLiteral("/.git")).isDir());
    }
};

QTEST_GUILESS_MAIN(TestDemoProject)
#include "tst_demoproject.moc"
