#include "core/pipeline/pipelineloader.h"
#include "core/pipeline/pipelinewriter.h"

#include <QDirIterator>
#include <QTest>

using namespace pw::core;

class tst_PipelineWriter : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void keyOrderIsCanonical();
    void multiLineCommandsStayReadable();
    void specialStringsSurvive();
    void multiLineShapesSurvive_data();
    void multiLineShapesSurvive();
};

void tst_PipelineWriter::multiLineShapesSurvive_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("no final newline") << u"echo a\necho b"_qs;
    QTest::newRow("two final newlines") << u"echo a\n\n"_qs;
    QTest::newRow("leading spaces") << u"  indented\nnext\n"_qs;
    QTest::newRow("trailing spaces") << u"echo a  \necho b\n"_qs;
    QTest::newRow("crlf") << u"echo a\r\necho b\r\n"_qs;
    QTest::newRow("tabs") << u"if true; then\n\techo a\nfi\n"_qs;
}

void tst_PipelineWriter::multiLineShapesSurvive()
{
    QFETCH(QString, command);
    Pipeline p;
    StageSpec s;
    s.id = QStringLiteral("x");
    StepSpec step;
    step.kind = QStringLiteral("run");
    step.params.insert(QStringLiteral("command"), command);
    s.steps.append(step);
    p.stages.append(s);
    const auto back = PipelineLoader::loadFromText(PipelineWriter::toYaml(p), QStringLiteral("x"));
    QVERIFY(back.ok());
    QCOMPARE(back.pipeline.stages[0].steps[0].param(u"command"_qs), command);
}

void tst_PipelineWriter::roundTrip_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("demo") << QStringLiteral(PW_SOURCE_DIR "/resources/demo/.pipewright.yml");
    QDirIterator it(QStringLiteral(PW_SOURCE_DIR "/examples"), {u"*.yml"_qs},
                    QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QTest::newRow(qPrintable(path.section(u'/', -2))) << path;
    }
}

void tst_PipelineWriter::roundTrip()
{
    QFETCH(QString, path);
    const auto first = PipelineLoader::loadFile(path);
    QVERIFY(first.ok());
    const QByteArray yaml = PipelineWriter::toYaml(first.pipeline);
    const auto second = PipelineLoader::loadFromText(yaml, QStringLiteral("saved.yml"));
    for (const Diagnostic &d : second.diagnostics)
        qWarning() << d.toString();
    QVERIFY(second.ok());
    QVERIFY(first.pipeline == second.pipeline);
    // Saving is idempotent: the canonical text is a fixed point.
    QCOMPARE(PipelineWriter::toYaml(second.pipeline), yaml);
}

void tst_PipelineWriter::keyOrderIsCanonical()
{
    Pipeline p;
    p.name = QStringLiteral("order");
    StageSpec s;
    s.id = QStringLiteral("b");
    s.timeoutMs = 60000;
    s.needs = {QStringLiteral("a")};
    s.name = QStringLiteral("B");
    StepSpec step;
    step.kind = QStringLiteral("run");
    step.params.insert(QStringLiteral("command"), QStringLiteral("make"));
    s.steps.append(step);
    StageSpec a;
    a.id = QStringLiteral("a");
    a.steps.append(step);
    p.stages = {a, s};
    const QByteArray yaml = PipelineWriter::toYaml(p);
    QCOMPARE(yaml, QByteArray("version: 1\nname: order\nstages:\n"
                              "  - id: a\n    steps:\n      - run: make\n"
                              "  - id: b\n    name: B\n    needs: [a]\n    timeout: 1m\n"
                              "    steps:\n      - run: make\n"));
}

void tst_PipelineWriter::multiLineCommandsStayReadable()
{
    Pipeline p;
    StageSpec s;
    s.id = QStringLiteral("x");
    StepSpec step;
    step.kind = QStringLiteral("run");
    step.params.insert(QStringLiteral("command"), QStringLiteral("echo one\necho two\n"));
    s.steps.append(step);
    p.stages.append(s);
    const QByteArray yaml = PipelineWriter::toYaml(p);
    QVERIFY2(yaml.contains("run: |\n          echo one\n          echo two\n"), yaml.constData());
    const auto back = PipelineLoader::loadFromText(yaml, QStringLiteral("x.yml"));
    QVERIFY(back.ok());
    QVERIFY(back.pipeline == p);
}

void tst_PipelineWriter::specialStringsSurvive()
{
    Pipeline p;
    p.env = {{QStringLiteral("A"), QStringLiteral("true")},
             {QStringLiteral("B"), QStringLiteral("0123")},
             {QStringLiteral("C"), QStringLiteral("a: b # not a comment")},
             {QStringLiteral("D"), QStringLiteral("")},
             {QStringLiteral("E"), QStringLiteral("ünïcödé \"quoted\" 'single'")},
             {QStringLiteral("F"), QStringLiteral("- dash")},
             {QStringLiteral("G"), QStringLiteral("*star &amp")}};
    StageSpec s;
    s.id = QStringLiteral("x");
    StepSpec step;
    step.kind = QStringLiteral("run");
    step.params.insert(QStringLiteral("command"), QStringLiteral("echo \"$A\" # c: d"));
    s.steps.append(step);
    p.stages.append(s);
    const auto back = PipelineLoader::loadFromText(PipelineWriter::toYaml(p), QStringLiteral("x"));
    for (const Diagnostic &d : back.diagnostics)
        qWarning() << d.toString();
    QVERIFY(back.ok());
    QCOMPARE(back.pipeline.env, p.env);
    QVERIFY(back.pipeline == p);
}

QTEST_GUILESS_MAIN(tst_PipelineWriter)
#include "tst_pipelinewriter.moc"
