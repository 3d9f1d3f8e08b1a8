// Runs the real pipewright executable and checks the command-line contract: exit codes,
// FILE:LINE:COL diagnostics on stderr, and that bad input never crashes or hangs.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class tst_Cli : public QObject
{
    Q_OBJECT

private:
    struct Result
    {
        int exitCode = -1;
        QProcess::ExitStatus status = QProcess::CrashExit;
        QString out;
        QString err;
    };

    Result run(const QStringList &args)
    {
        QProcess p;
        p.setProgram(QStringLiteral(PW_CLI_PATH));
        p.setArguments(args);
        p.start();
        p.closeWriteChannel();
        // Generous: a hang is what this guards against, not speed.
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitCode(), p.exitStatus(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(content);
        return path;
    }

    QTemporaryDir m_dir;

private slots:
    void version()
    {
        const Result r = run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(u"pipewright "_qs));
    }

    void validateDemo()
    {
        const Result r = run({QStringLiteral("validate"),
                              QStringLiteral(PW_SOURCE_DIR "/resources/demo/.pipewright.yml")});
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.err.isEmpty());
    }

    void validateListsEveryMistake()
    {
        const QString file = QStringLiteral(PW_TEST_DATA_DIR "/pipeline/many-mistakes.yml");
        const Result r = run({QStringLiteral("validate"), file});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = r.err.trimmed().split(u'\n');
        QCOMPARE(lines.size(), 8);
        QVERIFY(lines[0].startsWith(file + u":7:9: error: unknown key 'timout'"_qs));
        QVERIFY(lines[1].startsWith(file + u":9:13: error: stage 'test' needs 'biuld'"_qs));
        QVERIFY(lines[2].startsWith(file + u":10:14: error: timeout: bad duration"_qs));
        QVERIFY(lines[5].startsWith(file + u":13:9: error: duplicate stage id 'build'"_qs));
        QVERIFY(lines[6].startsWith(file + u":16:9: error: dependency cycle"_qs));
        QVERIFY(lines[7].startsWith(file + u":19:9: error: gate threshold"_qs));
    }

    void validateExitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("no files") << QStringList{u"validate"_qs} << 2;
        QTest::newRow("missing file") << QStringList{u"validate"_qs, u"/nonexistent.yml"_qs} << 2;
        QTest::newRow("directory") << QStringList{u"validate"_qs, u"/tmp"_qs} << 2;
        QTest::newRow("unknown option") << QStringList{u"validate"_qs, u"--frobnicate"_qs} << 2;
        QTest::newRow("valid and invalid")
            << QStringList{u"validate"_qs, QStringLiteral(PW_SOURCE_DIR "/resources/demo/.pipewright.yml"),
                           QStringLiteral(PW_TEST_DATA_DIR "/pipeline/many-mistakes.yml")}
            << 1;
    }

    void validateExitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const Result r = run(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY(!r.err.isEmpty());
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << u":1:1: error: the file is empty"_qs;
        QByteArray junk(65536, '\0');
        for (int i = 0; i < junk.size(); ++i)
            junk[i] = char((i * 2654435761u) >> 13);
        QTest::newRow("binary junk") << junk << u"error: binary data"_qs;
        QTest::newRow("malformed") << QByteArray("stages: [\n  {id: a\n") << u"YAML syntax error"_qs;
        QTest::newRow("nested 10000")
            << QByteArray("stages:\n") + QByteArray(10000, '[') + QByteArray(10000, ']')
            << u"nested more than"_qs;
        QByteArray bomb = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
        for (char c = 'b'; c <= 'j'; ++c) {
            const char prev = char(c - 1);
            bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [";
            for (int i = 0; i < 8; ++i)
                bomb += QByteArray(i ? ", *" : "*") + QByteArray(1, prev);
            bomb += "]\n";
        }
        bomb += "stages:\n  - id: x\n    needs: *j\n    steps: *j\n";
        QTest::newRow("yaml bomb") << bomb << u"error:"_qs;
        QByteArray big = "stages:\n  - id: big\n    steps:\n      - run: |\n";
        const QByteArray line = "          echo 0123456789abcdef0123456789abcdef0123456789abcdef\n";
        while (big.size() < 50 * 1024 * 1024)
            big += line;
        QTest::newRow("50 MB") << big << u"pipeline files are limited to 16 MB"_qs;
    }

    void badInput()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString path = write(QStringLiteral("bad.yml"), content);
        const Result r = run({QStringLiteral("validate"), path});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err.left(500)));
        QVERIFY(r.err.startsWith(path + u':'));
    }

    void importSeedJenkinsfile()
    {
        const QString out = m_dir.filePath(QStringLiteral("imported.yml"));
        const Result r = run({QStringLiteral("import"),
                              QStringLiteral(PW_TEST_DATA_DIR "/cli/Jenkinsfile"),
                              QStringLiteral("-o"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray yaml = f.readAll();
        QVERIFY(yaml.contains("run: make build"));
        QVERIFY(yaml.contains("run: make test"));
        QVERIFY(yaml.contains("run: kubectl apply -f k8s/deployment.yaml"));
        QVERIFY(yaml.contains("needs: [build]"));
        QVERIFY(yaml.contains("needs: [test]"));
        const Result v = run({QStringLiteral("validate"), out});
        QVERIFY2(v.exitCode == 0, qPrintable(v.err));
    }

    void importToStdout()
    {
        const Result r = run({QStringLiteral("import"), QStringLiteral("--from"),
                              QStringLiteral("jenkins"),
                              QStringLiteral(PW_TEST_DATA_DIR "/cli/Jenkinsfile")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(u"version: 1\n"_qs));
    }

    void importErrors()
    {
        const QString broken = write(QStringLiteral("Jenkinsfile"),
                                     "pipeline {\n  stages {\n    stage('x') {\n      steps { sh 'ls' }\n");
        Result r = run({QStringLiteral("import"), broken});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(broken + u':'), qPrintable(r.err));
        QVERIFY(r.err.contains(u"error:"_qs));
        r = run({QStringLiteral("import"), QStringLiteral("/nonexistent/Jenkinsfile")});
        QCOMPARE(r.exitCode, 2);
        r = run({QStringLiteral("import"), QStringLiteral("--from"), QStringLiteral("circleci"),
                 broken});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"unknown format 'circleci'"_qs));
    }

    // Issue 16: a named argument without a value crashed `pipewright import` (exit 139), and
    // echo/error steps read freed memory. Exit 1 with FILE:LINE:COL when nothing is left,
    // exit 0 when the rest converts; never a crash.
    void importNamedArgumentWithoutValue()
    {
        const QString alone = write(QStringLiteral("Jenkinsfile.alone"),
                                    "pipeline {\nagent any\nstages {\nstage(\"a\") {\n"
                                    "steps {\nsh script:\n}\n}\n}\n}\n");
        Result r = run({QStringLiteral("import"), alone});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(alone + u":6:1: warning: "_qs), qPrintable(r.err));
        QVERIFY2(r.err.contains(alone + u":3:1: error: "_qs), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());

        const QString mixed = write(QStringLiteral("Jenkinsfile.mixed"),
                                    "pipeline {\nagent any\nstages {\nstage(\"a\") {\n"
                                    "steps {\necho \"hi $USER\"\nerror 'no'\nsh script:\n"
                                    "}\n}\n}\n}\n");
        r = run({QStringLiteral("import"), mixed});
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(mixed + u":8:1: warning: sh with a computed script"_qs),
                 qPrintable(r.err));
        QVERIFY2(r.out.contains(u"run: echo \"hi $USER\""_qs), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"echo 'no' >&2"_qs), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
