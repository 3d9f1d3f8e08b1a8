#include "core/pipeline/source/pipelinesource.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace pw::core;

// Golden cases: one edit on a commented file must change only the lines it is about.
class TestPipelineSource : public QObject
{
    Q_OBJECT

private slots:
    void golden_data();
    void golden();
    void setFieldChangesOneLine();
    void refusesDuplicateNeed();
    void refusesUnknownStage();
    void pasteRewritesIds();
    void scalarQuoting_data();
    void scalarQuoting();
    void keepsCrLf();
    void addStepToEmptyStage();

private:
    static QString read(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll());
    }
    static bool apply(PipelineSource &source, const QString &edit);
};

static QString dataDir()
{
    return QStringLiteral(PW_TEST_DATA_DIR "/editor");
}

bool TestPipelineSource::apply(PipelineSource &source, const QString &edit)
{
    const QStringList w = edit.trimmed().split(u' ');
    const QString op = w.value(0);
    if (op == u"setStageValue")
        return source.setStageValue(w[1], w[2], w.mid(3).join(u' '));
    if (op == u"removeStageKey")
        return source.removeStageKey(w[1], w[2]);
    if (op == u"addNeed")
        return source.addNeed(w[1], w[2]);
    if (op == u"removeNeed")
        return source.removeNeed(w[1], w[2]);
    if (op == u"renameStage")
        return source.renameStage(w[1], w[2]);
    if (op == u"removeStage")
        return source.removeStage(w[1]);
    if (op == u"addStage") {
        StageSpec stage;
        stage.id = w[1];
        stage.needs = w.mid(2);
        StepSpec step;
        step.kind = QStringLiteral("run");
        step.params.insert(QStringLiteral("command"), QStringLiteral("echo %1").arg(w[1]));
        stage.steps = {step};
        return source.addStage(stage);
    }
    if (op == u"addStep") {
        StepSpec step;
        step.kind = QStringLiteral("run");
        step.params.insert(QStringLiteral("command"), w.mid(3).join(u' '));
        return source.addStep(w[1], step, w[2].toInt());
    }
    if (op == u"removeStep")
        return source.removeStep(w[1], w[2].toInt());
    if (op == u"setStepValue")
        return source.setStepValue(w[1], w[2].toInt(), w[3],
                                   PipelineSource::scalar(w.mid(4).join(u' ')));
    return false;
}

void TestPipelineSource::golden_data()
{
    QTest::addColumn<QString>("dir");
    const QStringList cases = QDir(dataDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : cases)
        QTest::newRow(qPrintable(name)) << dataDir() + u'/' + name;
}

void TestPipelineSource::golden()
{
    QFETCH(QString, dir);
    const QString input = read(dir + QStringLiteral("/input.yml"));
    const QString edit = read(dir + QStringLiteral("/edit.txt"));
    QVERIFY(!input.isEmpty());
    QVERIFY(PipelineLoader::loadFromText(input.toUtf8(), QStringLiteral("input.yml")).ok());

    PipelineSource source(input);
    QVERIFY2(apply(source, edit), qPrintable(source.lastError()));
    const QString actual = source.text();
    if (qEnvironmentVariableIsSet("PW_UPDATE_GOLDEN")) {
        QFile out(dir + QStringLiteral("/expected.yml"));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(actual.toUtf8());
    }
    QCOMPARE(actual, read(dir + QStringLiteral("/expected.yml")));
    const PipelineLoadResult loaded = source.load(QStringLiteral("expected.yml"));
    for (const Diagnostic &d : loaded.diagnostics)
        qWarning("%s", qPrintable(d.toString()));
    // Removing a stage others need may leave a dangling need, a need may name a stage not
    // written yet, and a stage may be left without steps; the loader reports those.
    if (!edit.startsWith(u"removeStage ") && !edit.startsWith(u"addNeed build lint")
        && !edit.startsWith(u"removeStep "))
        QVERIFY(loaded.ok());
}

void TestPipelineSource::setFieldChangesOneLine()
{
    const QString input = read(dataDir() + QStringLiteral("/base.yml"));
    PipelineSource source(input);
    QVERIFY(source.setStageValue(QStringLiteral("test"), QStringLiteral("name"),
                                 PipelineSource::scalar(QStringLiteral("Unit tests: fast"))));
    const QStringList before = input.split(u'\n');
    const QStringList after = source.text().split(u'\n');
    QCOMPARE(after.size(), before.size());
    int changed = 0;
    for (int i = 0; i < before.size(); ++i) {
        if (before[i] != after[i]) {
            ++changed;
            QCOMPARE(after[i], QStringLiteral("    name: \"Unit tests: fast\""));
        }
    }
    QCOMPARE(changed, 1);
    const PipelineLoadResult loaded = source.load(QString());
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.pipeline.stage(QStringLiteral("test"))->name,
             QStringLiteral("Unit tests: fast"));
}

void TestPipelineSource::refusesDuplicateNeed()
{
    const QString input = read(dataDir() + QStringLiteral("/base.yml"));
    PipelineSource source(input);
    QVERIFY(!source.addNeed(QStringLiteral("deploy"), QStringLiteral("test")));
    QVERIFY(!source.addNeed(QStringLiteral("evaluate"), QStringLiteral("build")));
    QVERIFY(!source.lastError().isEmpty());
    QCOMPARE(source.text(), input);
}

void TestPipelineSource::refusesUnknownStage()
{
    const QString input = read(dataDir() + QStringLiteral("/base.yml"));
    PipelineSource source(input);
    QVERIFY(!source.setStageValue(QStringLiteral("nope"), QStringLiteral("name"),
                                  QStringLiteral("x")));
    QVERIFY(!source.removeStage(QStringLiteral("nope")));
    QVERIFY(!source.removeStep(QStringLiteral("build"), 5));
    QCOMPARE(source.text(), input);

    PipelineSource flow(QStringLiteral("version: 1\nstages: [{id: a, steps: [{run: x}]}]\n"));
    StageSpec stage;
    stage.id = QStringLiteral("b");
    QVERIFY(!flow.addStage(stage));
}

void TestPipelineSource::pasteRewritesIds()
{
    const QString input = read(dataDir() + QStringLiteral("/base.yml"));
    PipelineSource source(input);
    const QString copied = source.stageText(QStringLiteral("test"));
    QVERIFY(copied.startsWith(QStringLiteral("- id: test\n")));
    QVERIFY(copied.contains(QStringLiteral("pytest -q tests   # quick")));
    QVERIFY(source.addStageText(copied, {{QStringLiteral("test"), QStringLiteral("test-2")},
                                         {QStringLiteral("build"), QStringLiteral("deploy")}}));
    const PipelineLoadResult loaded = source.load(QString());
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.pipeline.stages.size(), 5);
    const StageSpec &pasted = loaded.pipeline.stages.last();
    QCOMPARE(pasted.id, QStringLiteral("test-2"));
    QCOMPARE(pasted.needs, QStringList{QStringLiteral("deploy")});
    QCOMPARE(pasted.steps.size(), 1);
    QVERIFY(source.text().startsWith(input.left(input.indexOf(u"# end of file"))));
}

void TestPipelineSource::scalarQuoting_data()
{
    QTest::addColumn<QString>("value");
    for (const char *v : {"make", "true", "10", "a: b", "x # y", "", "say \"hi\"", "-x",
                          "${REGISTRY}/app:${PW_COMMIT}", "two\nlines", "[a]", "@x", "a:b"})
        QTest::newRow(v) << QString::fromUtf8(v);
}

void TestPipelineSource::scalarQuoting()
{
    QFETCH(QString, value);
    PipelineSource source(QStringLiteral("version: 1\nstages:\n  - id: a\n    steps:\n"
                                         "      - run: x\n"));
    QVERIFY(source.setStepValue(QStringLiteral("a"), 0, QStringLiteral("command"),
                                PipelineSource::scalar(value)));
    const PipelineLoadResult loaded = source.load(QString());
    if (!value.isEmpty())
        QVERIFY2(loaded.ok(), qPrintable(source.text()));
    QCOMPARE(loaded.pipeline.stages.value(0).steps.value(0).param(QStringLiteral("command")),
             value);
}

void TestPipelineSource::keepsCrLf()
{
    const QString input = QStringLiteral("version: 1\r\nstages:\r\n  - id: a # c\r\n"
                                         "    steps:\r\n      - run: x\r\n");
    PipelineSource source(input);
    QVERIFY(source.setStageValue(QStringLiteral("a"), QStringLiteral("name"),
                                 QStringLiteral("A")));
    QCOMPARE(source.text(), QStringLiteral("version: 1\r\nstages:\r\n  - id: a # c\r\n"
                                           "    name: A\r\n    steps:\r\n      - run: x\r\n"));
}

void TestPipelineSource::addStepToEmptyStage()
{
    PipelineSource source(QStringLiteral("version: 1\nstages:\n  - id: a\n    steps: []\n"
                                         "  - id: b\n"));
    StepSpec step;
    step.kind = QStringLiteral("docker-push");
    step.params.insert(QStringLiteral("image"), QStringLiteral("app:1"));
    QVERIFY2(source.addStep(QStringLiteral("a"), step), qPrintable(source.lastError()));
    QVERIFY2(source.addStep(QStringLiteral("b"), step), qPrintable(source.lastError()));
    const PipelineLoadResult loaded = source.load(QString());
    QVERIFY2(loaded.ok(), qPrintable(source.text()));
    QCOMPARE(loaded.pipeline.stages[0].steps.size(), 1);
    QCOMPARE(loaded.pipeline.stages[1].steps.size(), 1);
    QCOMPARE(loaded.pipeline.stages[1].steps[0].param(QStringLiteral("image")),
             QStringLiteral("app:1"));
    QVERIFY(source.removeStep(QStringLiteral("a"), 0));
    QVERIFY(source.load(QString()).pipeline.stages[0].steps.isEmpty());
}

QTEST_GUILESS_MAIN(TestPipelineSource)
#include "tst_pipelinesource.moc"
