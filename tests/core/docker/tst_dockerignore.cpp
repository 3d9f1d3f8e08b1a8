#include "core/docker/buildcontexttar.h"
#include "core/docker/dockerignore.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTest>

using namespace pw::core;

class TstDockerIgnore : public QObject
{
    Q_OBJECT

private slots:
    void matching_data()
    {
        QTest::addColumn<QByteArray>("ignore");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("excluded");
        const auto row = [](const char *name, const char *ignore, const char *path, bool ex) {
            QTest::newRow(name) << QByteArray(ignore) << QString::fromUtf8(path) << ex;
        };
        row("star stays in its directory", "*.log", "logs/a.log", false);
        row("star at top level", "*.log", "a.log", true);
        row("parent directory excludes children", "build", "build/x/y.o", true);
        row("trailing slash is cleaned", "build/", "build/y.o", true);
        row("leading slash is relative", "/data", "data/f", true);
        row("last match wins", "*.md\n!README.md", "README.md", false);
        row("exception then exclusion", "*.md\n!README.md\nREADME.md", "README.md", true);
        row("exception inside excluded dir", "docs\n!docs/keep", "docs/keep", false);
        row("sibling stays excluded", "docs\n!docs/keep", "docs/other", true);
        row("doublestar any depth", "**/*.tmp", "q/r/s.tmp", true);
        row("doublestar zero dirs", "**/*.tmp", "s.tmp", true);
        row("doublestar in middle", "a/**/b", "a/b", true);
        row("doublestar in middle deep", "a/**/b", "a/x/y/b", true);
        row("trailing doublestar is a prefix", "data/**", "data/x", true);
        row("trailing doublestar keeps the dir", "data/**", "data", false);
        row("leading doublestar is a suffix", "**foo", "dir/bazfoo", true);
        row("question mark one char", "k?2", "kx2", true);
        row("question mark not slash", "k?2", "k/2", false);
        row("escaped bracket", "w\\[1\\].txt", "w[1].txt", true);
        row("class", "file[0-9]", "file7", true);
        row("comment", "# x\nx", "# x", false);
        row("indented hash is a pattern", " #x", "#x", true);
        row("spaces trimmed", "  notes.txt  ", "notes.txt", true);
        row("dot components cleaned", "./a/../b", "b", true);
        row("bom stripped", "\xEF\xBB\xBF" "a", "a", true);
        row("dot never excluded", "*", ".", false);
    }

    void matching()
    {
        QFETCH(QByteArray, ignore);
        QFETCH(QString, path);
        QFETCH(bool, excluded);
        QString error;
        const DockerIgnore di = DockerIgnore::parse(ignore, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(di.isExcluded(path), excluded);
    }

    void badPatterns()
    {
        QString error;
        DockerIgnore::parse("ok\n!\n", &error);
        QVERIFY(error.contains(QStringLiteral("illegal exclusion")));
        error.clear();
        DockerIgnore::parse("a[b\n", &error);
        QVERIFY(error.contains(QStringLiteral("a[b")));
    }

    // Each case's expected.txt is what `docker build` (CLI + daemon) put into the image for
    // that context (make-expected.sh). The files we would send, minus the Dockerfile and
    // .dockerignore that the daemon drops when the patterns exclude them, must be the same.
    void sameAsDockerCli_data()
    {
        QTest::addColumn<QString>("dir");
        const QDir root(QStringLiteral(PW_TEST_DATA_DIR "/docker/dockerignore"));
        for (const QString &c : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QTest::newRow(qPrintable(c)) << root.filePath(c);
    }

    void sameAsDockerCli()
    {
        QFETCH(QString, dir);
        const QString context = dir + QStringLiteral("/context");
        BuildContextTar tar(context, QStringLiteral("Dockerfile"));
        QString error;
        QVERIFY2(tar.scan(&error), qPrintable(error));
        const DockerIgnore original = DockerIgnore::fromContext(context);
        QSet<QString> sent;
        for (const QString &e : tar.entries()) {
            const QString plain = e.endsWith(QLatin1Char('/')) ? e.chopped(1) : e;
            if ((plain == QStringLiteral("Dockerfile") || plain == QStringLiteral(".dockerignore"))
                && original.isExcluded(plain))
                continue;
            sent.insert(e);
            // A file re-included inside an excluded directory arrives with its parents.
            for (QString p = plain.section(QLatin1Char('/'), 0, -2); !p.isEmpty();
                 p = p.section(QLatin1Char('/'), 0, -2))
                sent.insert(p + QLatin1Char('/'));
        }
        QFile expectedFile(dir + QStringLiteral("/expected.txt"));
        QVERIFY(expectedFile.open(QIODevice::ReadOnly));
        QSet<QString> expected;
        for (const QByteArray &l : expectedFile.readAll().split('\n')) {
            if (!l.isEmpty())
                expected.insert(QString::fromUtf8(l));
        }
        QStringList missing = QStringList(expected.begin(), expected.end());
        QStringList extra = QStringList(sent.begin(), sent.end());
        missing.removeIf([&](const QString &s) { return sent.contains(s); });
        extra.removeIf([&](const QString &s) { return expected.contains(s); });
        QVERIFY2(missing.isEmpty() && extra.isEmpty(),
                 qPrintable(QStringLiteral("missing: %1; extra: %2")
                                .arg(missing.join(u' '), extra.join(u' '))));
    }
};

QTEST_GUILESS_MAIN(TstDockerIgnore)
#include "tst_dockerignore.moc"
