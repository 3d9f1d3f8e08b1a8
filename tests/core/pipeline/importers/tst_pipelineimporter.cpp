// Golden-file tests of the importers (tests/data/import/<case>/{input.*, expected.yml,
// warnings.txt}), the real CI files in the shared folder, and hostile input.
#include "core/pipeline/importers/pipelineimporter.h"
#include "core/pipeline/pipelineloader.h"
#include "core/pipeline/pipelinevalidator.h"
#include "core/pipeline/pipelinewriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace pw::core;

namespace {

QString dataDir()
{
    return QStringLiteral(PW_TEST_DATA_DIR "/import");
}

QString realworldFile(const QString &name)
{
    return QStringLiteral(PW_SHARED_DIR "/realworld/") + name;
}

QString describe(const Diagnostics &diagnostics)
{
    QStringList lines;
    for (const Diagnostic &d : diagnostics)
        lines << d.toString();
    return lines.join(u'\n');
}

// Names the first field where two stages differ, to make a failing comparison readable.
QString stageDifference(const StageSpec &a, const StageSpec &b)
{
    if (a.id != b.id || a.name != b.name)
        return QStringLiteral("id/name");
    if (a.needs != b.needs || a.needsLocations.size() != b.needsLocations.size())
        return QStringLiteral("needs");
    if (a.image != b.image || !(a.env == b.env))
        return QStringLiteral("image/env");
    if (a.timeoutMs != b.timeoutMs || a.retries != b.retries || a.retryBackoff != b.retryBackoff)
        return QStringLiteral("timeout/retries");
    if (!(a.when == b.when) || !(a.approval == b.approval))
        return QStringLiteral("when/approval");
    if (a.artifacts != b.artifacts || a.continueOnError != b.continueOnError)
        return QStringLiteral("artifacts/continue-on-error");
    if (a.steps.size() != b.steps.size())
        return QStringLiteral("step count");
    for (qsizetype i = 0; i < a.steps.size(); ++i) {
        const StepSpec &x = a.steps.at(i);
        const StepSpec &y = b.steps.at(i);
        if (x.params != y.params) {
            QString d;
            QDebug(&d) << x.params << "vs" << y.params;
            return QStringLiteral("step %1 params: %2").arg(i).arg(d);
        }
        if (!(x == y))
            return QStringLiteral("step %1 (kind/name/env/timeout/retries)").arg(i);
    }
    return QStringLiteral("nothing?");
}

void reportDifference(const Pipeline &a, const Pipeline &b)
{
    if (a.stages.size() != b.stages.size()) {
        qWarning() << "stage counts differ:" << a.stages.size() << b.stages.size();
        return;
    }
    for (qsizetype i = 0; i < a.stages.size(); ++i) {
        if (!(a.stages.at(i) == b.stages.at(i)))
            qWarning().noquote() << "stage" << a.stages.at(i).id << "differs in"
                                 << stageDifference(a.stages.at(i), b.stages.at(i));
    }
    if (!(a.triggers == b.triggers) || !(a.env == b.env) || !(a.secrets == b.secrets)
        || a.name != b.name || a.failFast != b.failFast)
        qWarning() << "pipeline-level fields differ";
}

// The imported pipeline must survive being written and read back: that is what
// `pipewright import` hands to the user.
void verifyWritable(const Pipeline &pipeline)
{
    const QByteArray yaml = PipelineWriter::toYaml(pipeline);
    const PipelineLoadResult loaded =
        PipelineLoader::loadFromText(yaml, QStringLiteral("out.yml"));
    if (!loaded.ok())
        qWarning().noquote() << yaml;
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    if (!(loaded.pipeline == pipeline))
        reportDifference(pipeline, loaded.pipeline);
    QVERIFY(loaded.pipeline == pipeline);
}

} // namespace

class TestPipelineImporter : public QObject
{
    Q_OBJECT

private slots:
    void formatFromName();
    void detect_data();
    void detect();
    void golden_data();
    void golden();
    void realworld_data();
    void realworld();
    void badInput_data();
    void badInput();
    void unreadableFile();
    void jenkinsMessageSteps();
    void jenkinsNamedArgumentWithoutValue();
    void refusedWhereValidateWould_data();
    void refusedWhereValidateWould();
    void convertedAndValid_data();
    void convertedAndValid();
    void hugeKeysAreQuotedShort();
};

void TestPipelineImporter::formatFromName()
{
    QCOMPARE(PipelineImporter::formatFromName(QStringLiteral("jenkins")), ImportFormat::Jenkins);
    QCOMPARE(PipelineImporter::formatFromName(QStringLiteral("github")), ImportFormat::GitHub);
    QCOMPARE(PipelineImporter::formatFromName(QStringLiteral("GitLab")), ImportFormat::GitLab);
    QVERIFY(!PipelineImporter::formatFromName(QStringLiteral("travis")));
}

void TestPipelineImporter::detect_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<ImportFormat>("expected");
    QTest::newRow("Jenkinsfile") << "ci/Jenkinsfile" << QByteArray() << ImportFormat::Jenkins;
    QTest::newRow("Jenkinsfile.release")
        << "Jenkinsfile.release" << QByteArray() << ImportFormat::Jenkins;
    QTest::newRow("x.jenkinsfile")
        << "deploy.jenkinsfile" << QByteArray() << ImportFormat::Jenkins;
    QTest::newRow("workflow") << "repo/.github/workflows/ci.yml" << QByteArray()
                              << ImportFormat::GitHub;
    QTest::newRow("gitlab") << "repo/.gitlab-ci.yml" << QByteArray() << ImportFormat::GitLab;
    QTest::newRow("content jenkins")
        << "build.txt" << QByteArray("// ci\npipeline {\n  agent any\n}\n")
        << ImportFormat::Jenkins;
    QTest::newRow("content github")
        << "ci.yml" << QByteArray("on: push\njobs:\n  a:\n    runs-on: x\n")
        << ImportFormat::GitHub;
    QTest::newRow("content gitlab")
        << "ci.yml" << QByteArray("stages: [a]\njob:\n  script: [make]\n") << ImportFormat::GitLab;
    QTest::newRow("content gitlab script only")
        << "ci.yml" << QByteArray("job:\n  script: make\n") << ImportFormat::GitLab;
    QTest::newRow("unknown") << "notes.txt" << QByteArray("hello\n") << ImportFormat::Auto;
}

void TestPipelineImporter::detect()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(ImportFormat, expected);
    QCOMPARE(PipelineImporter::detect(fileName, content), expected);
}

void TestPipelineImporter::golden_data()
{
    QTest::addColumn<QString>("dir");
    const QDir root(dataDir());
    const QStringList cases = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY(cases.size() >= 6);
    for (const QString &c : cases)
        QTest::newRow(qPrintable(c)) << root.filePath(c);
}

void TestPipelineImporter::golden()
{
    QFETCH(QString, dir);
    const QStringList inputs = QDir(dir).entryList({QStringLiteral("input*")}, QDir::Files);
    QCOMPARE(inputs.size(), 1);
    const QString input = QDir(dir).filePath(inputs.first());
    const ImportResult result = PipelineImporter::importFile(input);
    QVERIFY2(result.ok(), qPrintable(describe(result.diagnostics)));

    const QString expectedPath = QDir(dir).filePath(QStringLiteral("expected.yml"));
    if (qEnvironmentVariableIsSet("PW_REGENERATE_GOLDEN")) {
        QFile out(expectedPath);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(PipelineWriter::toYaml(result.pipeline));
        QFile w(QDir(dir).filePath(QStringLiteral("warnings.actual")));
        QVERIFY(w.open(QIODevice::WriteOnly));
        w.write(describe(result.diagnostics).toUtf8() + '\n');
    }
    const PipelineLoadResult expected = PipelineLoader::loadFile(expectedPath);
    QVERIFY2(expected.ok(), qPrintable(describe(expected.diagnostics)));
    if (!(result.pipeline == expected.pipeline)) {
        qWarning().noquote() << "imported:\n" << PipelineWriter::toYaml(result.pipeline);
        reportDifference(result.pipeline, expected.pipeline);
    }
    QVERIFY(result.pipeline == expected.pipeline);

    const Diagnostics problems = PipelineValidator::validate(result.pipeline, input);
    QVERIFY2(!hasErrors(problems), qPrintable(describe(problems)));
    verifyWritable(result.pipeline);

    // warnings.txt: one expected warning per line, "LINE: substring of the message".
    QFile warnings(QDir(dir).filePath(QStringLiteral("warnings.txt")));
    if (!warnings.open(QIODevice::ReadOnly))
        return;
    int expectedCount = 0;
    for (const QByteArray &raw : warnings.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        ++expectedCount;
        const int lineNo = line.section(u':', 0, 0).toInt();
        const QString text = line.section(u':', 1).trimmed();
        bool found = false;
        for (const Diagnostic &d : result.diagnostics) {
            found = found
                    || (d.severity == Diagnostic::Severity::Warning && d.location.line == lineNo
                        && d.message.contains(text));
        }
        QVERIFY2(found, qPrintable(QStringLiteral("no warning '%1' on line %2 among:\n%3")
                                       .arg(text)
                                       .arg(lineNo)
                                       .arg(describe(result.diagnostics))));
    }
    // Nothing is reported that the case does not expect (each warning listed once).
    QCOMPARE(result.diagnostics.size(), expectedCount);
}

void TestPipelineImporter::realworld_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("minStages");
    QTest::addColumn<int>("maxStages");
    QTest::newRow("seldon") << realworldFile(QStringLiteral(
        "jenkinsfiles/SeldonIO__seldon-core__news_classifier__Jenkinsfile")) << 3 << 3;
    QTest::newRow("gke sample") << realworldFile(QStringLiteral(
        "jenkinsfiles/GoogleCloudPlatform__continuous-deployment-on-kubernetes__sample-app__"
        "Jenkinsfile")) << 4 << 5;
    QTest::newRow("plugin-site") << realworldFile(QStringLiteral(
        "jenkinsfiles/jenkins-infra__plugin-site__Jenkinsfile")) << 6 << 11;
    QTest::newRow("nemo-text-processing") << realworldFile(QStringLiteral(
        "jenkinsfiles/NVIDIA__NeMo-text-processing__Jenkinsfile")) << 20 << 200;
    QTest::newRow("nemo")
        << realworldFile(QStringLiteral("jenkinsfiles/NVIDIA__NeMo__Jenkinsfile"))
                          << 20 << 300;
    QTest::newRow("metaflow") << realworldFile(QStringLiteral(
        "workflows/Netflix__metaflow-service__test.yml")) << 2 << 3;
    QTest::newRow("sklearnserver") << realworldFile(QStringLiteral(
        "workflows/kserve__kserve__sklearnserver-docker-publish.yml")) << 2 << 2;
    QTest::newRow("gke workflow") << realworldFile(QStringLiteral(
        "workflows/actions__starter-workflows__deployments__google.yml")) << 1 << 1;
    QTest::newRow("kserve e2e") << realworldFile(QStringLiteral(
        "workflows/kserve__kserve__e2e-test-quick-install.yaml")) << 1 << 30;
    QTest::newRow("tgi build") << realworldFile(QStringLiteral(
        "workflows/huggingface__text-generation-inference__build.yaml")) << 1 << 30;
    QTest::newRow("nemo cicd") << realworldFile(QStringLiteral(
        "workflows/NVIDIA__NeMo__cicd-main.yml")) << 1 << 60;
    QTest::newRow("megatron") << realworldFile(QStringLiteral(
        "gitlab/NVIDIA__Megatron-LM__.gitlab-ci.yml")) << 6 << 20;
    QTest::newRow("container-toolkit") << realworldFile(QStringLiteral(
        "gitlab/NVIDIA__nvidia-container-toolkit__.gitlab-ci.yml")) << 10 << 20;
}

void TestPipelineImporter::realworld()
{
    QFETCH(QString, file);
    QFETCH(int, minStages);
    QFETCH(int, maxStages);
    QVERIFY2(QFile::exists(file), qPrintable(file));
    // The real files keep their original names, so the format is given as the CLI's --from.
    ImportFormat format = ImportFormat::GitHub;
    if (file.contains(QStringLiteral("/jenkinsfiles/")))
        format = ImportFormat::Jenkins;
    else if (file.contains(QStringLiteral("/gitlab/")))
        format = ImportFormat::GitLab;
    const ImportResult result = PipelineImporter::importFile(file, format);
    QVERIFY2(result.ok(), qPrintable(describe(result.diagnostics)));
    const int count = int(result.pipeline.stages.size());
    QVERIFY2(count >= minStages && count <= maxStages,
             qPrintable(QStringLiteral("%1 stages").arg(count)));
    for (const StageSpec &s : result.pipeline.stages) {
        QVERIFY2(!s.steps.isEmpty(), qPrintable(s.id));
        QVERIFY(s.location.isValid());
        for (const StepSpec &step : s.steps)
            QVERIFY(!step.kind.isEmpty());
    }
    for (const Diagnostic &d : result.diagnostics) {
        QVERIFY2(d.location.isValid(), qPrintable(d.toString())); // every warning has a place
        QCOMPARE(d.file, file);
    }
    if (const QString dump = qEnvironmentVariable("PW_IMPORT_DUMP_DIR"); !dump.isEmpty()) {
        QFile out(QDir(dump).filePath(QFileInfo(file).fileName() + QStringLiteral(".out")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(PipelineWriter::toYaml(result.pipeline) + "\n# "
                  + describe(result.diagnostics).replace(u'\n', QStringLiteral("\n# ")).toUtf8()
                  + '\n');
    }
    const Diagnostics problems = PipelineValidator::validate(result.pipeline, file);
    QVERIFY2(!hasErrors(problems), qPrintable(describe(problems)));
    verifyWritable(result.pipeline);
}

void TestPipelineImporter::badInput_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    QTest::newRow("unclosed brace")
        << "Jenkinsfile"
        << QByteArray("pipeline {\n  stages {\n    stage('a') {\n      steps { sh 'x' }\n  }\n}\n")
        << 1 << 10 << "never closed";
    QTest::newRow("extra brace")
        << "Jenkinsfile" << QByteArray("pipeline {\n  agent any\n}\n}\n") << 4 << 1
        << "without a matching";
    QTest::newRow("mismatched bracket")
        << "Jenkinsfile" << QByteArray("pipeline {\n  options { timeout(time: 5 }\n}\n") << 2
        << 29 << "expected ')'";
    QTest::newRow("unterminated string")
        << "Jenkinsfile"
        << QByteArray("pipeline {\n  stages {\n    stage('Build) {\n    }\n  }\n}\n") << 3 << 11
        << "unterminated string";
    QTest::newRow("unterminated triple string")
        << "Jenkinsfile" << QByteArray("pipeline {\n  steps { sh '''\n make\n}\n") << 2 << 14
        << "unterminated string";
    QTest::newRow("unterminated comment")
        << "Jenkinsfile" << QByteArray("pipeline {\n  /* agent any\n}\n") << 2 << 3
        << "unterminated comment";
    QTest::newRow("scripted") << "Jenkinsfile" << QByteArray("node {\n  sh 'make'\n}\n") << 1 << 1
                              << "scripted";
    QTest::newRow("no pipeline") << "Jenkinsfile" << QByteArray("echo 'hi'\n") << 1 << 1
                                 << "no declarative";
    QByteArray deep = "pipeline {\n";
    deep += QByteArray(10000, '{');
    deep += QByteArray(10000, '}');
    deep += "\n}\n";
    QTest::newRow("10000 nested braces") << "Jenkinsfile" << deep << 2 << 200 << "nested";
    QByteArray deepParens = "pipeline {\n sh ";
    deepParens += QByteArray(10000, '(');
    QTest::newRow("10000 open parens") << "Jenkinsfile" << deepParens << 2 << 204 << "nested";
    QTest::newRow("binary junk")
        << "Jenkinsfile" << QByteArray("pipeline {\n  ab\x00\xff\xfe junk", 22) << 2 << 5
        << "not text";
    QTest::newRow("invalid utf-8")
        << ".gitlab-ci.yml" << QByteArray("job:\n  script: [\"caf\xc3\x28\"]\n") << 2 << 16
        << "not text";
    QTest::newRow("empty jenkinsfile") << "Jenkinsfile" << QByteArray() << 1 << 1 << "empty";
    QTest::newRow("blank workflow")
        << ".github/workflows/ci.yml" << QByteArray("\n  \n") << 1 << 1 << "empty";
    QTest::newRow("malformed yaml")
        << ".github/workflows/ci.yml"
        << QByteArray("on: push\njobs:\n  a:\n    steps: [run: x\n") << 5 << 1 << "malformed YAML";
    QTest::newRow("bad indentation")
        << ".gitlab-ci.yml" << QByteArray("job:\n  script:\n    - make\n   stage: test\n") << 4
        << 4 << "malformed YAML";
    QByteArray bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        const char prev = char(c - 1);
        bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [";
        for (int i = 0; i < 8; ++i)
            bomb += QByteArray(i ? ",*" : "*") + QByteArray(1, prev);
        bomb += "]\n";
    }
    bomb += "job:\n  script: *j\n";
    QTest::newRow("yaml bomb") << ".gitlab-ci.yml" << bomb << 0 << 0 << "more than";
    QTest::newRow("workflow without jobs")
        << ".github/workflows/ci.yml" << QByteArray("on: push\nname: x\n") << 1 << 1 << "no jobs";
    QTest::newRow("gitlab list") << ".gitlab-ci.yml" << QByteArray("- a\n- b\n") << 1 << 1
                                 << "mapping";
    QTest::newRow("unknown format") << "notes.txt" << QByteArray("hello\n") << 1 << 1
                                    << "cannot tell";
}

void TestPipelineImporter::badInput()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ImportResult result = PipelineImporter::importText(text, fileName);
    QVERIFY(!result.ok());
    QVERIFY(!result.ioError);
    const auto error = std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                                    [](const Diagnostic &d) {
                                        return d.severity == Diagnostic::Severity::Error;
                                    });
    QVERIFY(error != result.diagnostics.end());
    QVERIFY2(error->message.contains(message), qPrintable(error->toString()));
    QVERIFY2(error->location.isValid(), qPrintable(error->toString()));
    if (line > 0) {
        QCOMPARE(error->location.line, line);
        QCOMPARE(error->location.column, column);
    }
    QCOMPARE(error->file, fileName);
    QVERIFY(error->toString().startsWith(
        QStringLiteral("%1:%2:%3: error: ")
            .arg(fileName)
            .arg(error->location.line)
            .arg(error->location.column)));
}

void TestPipelineImporter::unreadableFile()
{
    const ImportResult result =
        PipelineImporter::importFile(QStringLiteral(PW_BINARY_DIR "/no/such/Jenkinsfile"));
    QVERIFY(result.ioError);
    QVERIFY(!result.ok());
    QVERIFY(hasErrors(result.diagnostics));
}

// echo/error steps take their text from a token copied out of the argument (it pointed into
// a temporary before: a use-after-free on every such step, seen under valgrind and ASan).
void TestPipelineImporter::jenkinsMessageSteps()
{
    const QByteArray text = "pipeline {\n  agent any\n  stages {\n    stage('a') {\n"
                            "      steps {\n"
                            "        echo \"hello ${env.GREETING} and $HOME\"\n"
                            "        echo message: 'it\\'s plain'\n"
                            "        error(\"stop \\\"here\\\"\")\n"
                            "        echo someVariable\n"
                            "      }\n    }\n  }\n}\n";
    const ImportResult result = PipelineImporter::importText(text, QStringLiteral("Jenkinsfile"));
    QVERIFY2(result.ok(), qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.pipeline.stages.size(), 1);
    const QList<StepSpec> &steps = result.pipeline.stages.first().steps;
    QCOMPARE(steps.size(), 3);
    QCOMPARE(steps.at(0).param(QStringLiteral("command")),
             QStringLiteral("echo \"hello ${GREETING} and $HOME\""));
    QCOMPARE(steps.at(1).param(QStringLiteral("command")),
             QStringLiteral("echo 'it'\\''s plain'"));
    QVERIFY2(steps.at(2).param(QStringLiteral("command"))
                 .startsWith(QStringLiteral("echo 'stop \"here\"' >&2\nexit 1")),
             qPrintable(steps.at(2).param(QStringLiteral("command"))));
    bool computed = false;
    for (const Diagnostic &d : result.diagnostics)
        computed = computed || (d.location.line == 9 && d.message.contains(u"computed message"));
    QVERIFY2(computed, qPrintable(describe(result.diagnostics)));
    verifyWritable(result.pipeline);
}

// `sh script:` with no value, one statement per line: the release build crashed (exit 139)
// reading the argument's position after its tokens were cut off.
void TestPipelineImporter::jenkinsNamedArgumentWithoutValue()
{
    const QByteArray alone = "pipeline {\nagent any\nstages {\nstage(\"a\") {\nsteps {\n"
                             "sh script:\n}\n}\n}\n}\n";
    ImportResult result = PipelineImporter::importText(alone, QStringLiteral("Jenkinsfile"));
    QVERIFY(!result.ok());
    QVERIFY2(describe(result.diagnostics)
                 .contains(QStringLiteral("Jenkinsfile:6:1: warning: sh with a computed script")),
             qPrintable(describe(result.diagnostics)));

    const QByteArray withOthers = "pipeline {\nagent any\nstages {\nstage(\"a\") {\nsteps {\n"
                                  "sh 'make'\nsh(label: 'l', script:)\nsh script:\n}\n}\n}\n}\n";
    result = PipelineImporter::importText(withOthers, QStringLiteral("Jenkinsfile"));
    QVERIFY2(result.ok(), qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.pipeline.stages.first().steps.size(), 1);
    QCOMPARE(result.pipeline.stages.first().steps.first().param(QStringLiteral("command")),
             QStringLiteral("make"));
    QCOMPARE(result.diagnostics.size(), 2); // one warning per sh without a script
}

// Issue 16: imports that exited 0 with output `validate` rejects. Each of these must now be
// an error at the place in the input that causes it.
void TestPipelineImporter::refusedWhereValidateWould_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    const QByteArray job = "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                           "      - run: make\n";
    QTest::newRow("github env name")
        << ".github/workflows/ci.yml" << QByteArray("on: push\nenv:\n  FOO-BAR: 1\n" + job)
        << 3 << 3 << "env name 'FOO-BAR' cannot be carried over";
    QTest::newRow("github step env name")
        << ".github/workflows/ci.yml"
        << QByteArray("on: push\n" + job + "        env:\n          'a b': x\n") << 8 << 11
        << "env name 'a b'";
    QTest::newRow("github job needs itself")
        << ".github/workflows/ci.yml"
        << QByteArray("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: a\n"
                      "    steps:\n      - run: make\n")
        << 3 << 3 << "dependency cycle through needs: a → a";
    QTest::newRow("github needs cycle")
        << ".github/workflows/ci.yml"
        << QByteArray("on: push\njobs:\n  a:\n    runs-on: x\n    needs: b\n    steps:\n"
                      "      - run: make\n  b:\n    runs-on: x\n    needs: a\n    steps:\n"
                      "      - run: make\n")
        << 0 << 0 << "dependency cycle";
    QTest::newRow("gitlab variable name")
        << ".gitlab-ci.yml" << QByteArray("variables:\n  \"A B\": 1\njob:\n  script: [make]\n")
        << 2 << 3 << "variable name 'A B' cannot be carried over";
    QTest::newRow("gitlab job needs itself")
        << ".gitlab-ci.yml" << QByteArray("job:\n  script: [make]\n  needs: [job]\n") << 1 << 1
        << "dependency cycle through needs: job → job";
    QTest::newRow("jenkins withEnv name")
        << "Jenkinsfile"
        << QByteArray("pipeline {\n  agent any\n  stages {\n    stage('a') {\n      steps {\n"
                      "        withEnv(['A-B=1']) { sh 'make' }\n      }\n    }\n  }\n}\n")
        << 6 << 18 << "withEnv name 'A-B'";
    QTest::newRow("jenkins environment name")
        << "Jenkinsfile"
        << QByteArray("pipeline {\n  agent any\n  environment {\n    A$B = 'x'\n  }\n"
                      "  stages {\n    stage('a') {\n      steps { sh 'make' }\n    }\n  }\n}\n")
        << 4 << 5 << "environment name 'A$B'";
}

void TestPipelineImporter::refusedWhereValidateWould()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ImportResult result = PipelineImporter::importText(text, fileName);
    QVERIFY2(!result.ok(), PipelineWriter::toYaml(result.pipeline).constData());
    QVERIFY(!result.ioError);
    const auto error = std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                                    [&](const Diagnostic &d) {
                                        return d.severity == Diagnostic::Severity::Error
                                               && d.message.contains(message);
                                    });
    QVERIFY2(error != result.diagnostics.end(), qPrintable(describe(result.diagnostics)));
    QCOMPARE(error->file, fileName);
    if (line > 0) {
        QCOMPARE(error->location.line, line);
        QCOMPARE(error->location.column, column);
    }
}

// The other known cases convert to a pipeline that validates: an empty script is dropped (it
// did nothing), a variable defined twice keeps the value the original would use.
void TestPipelineImporter::convertedAndValid_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expectedYaml"); // a substring of the output
    QTest::addColumn<QString>("warning");      // a substring of one warning, or empty
    QTest::newRow("github empty run")
        << ".github/workflows/ci.yml"
        << QByteArray("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: |\n      - run: make\n")
        << "    steps:\n      - run: make\n" << "run is empty";
    QTest::newRow("github blank run")
        << ".github/workflows/ci.yml"
        << QByteArray("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: \"  \\n \"\n      - run: make\n")
        << "    steps:\n      - run: make\n" << "run is empty";
    QTest::newRow("github job env over container env")
        << ".github/workflows/ci.yml"
        << QByteArray("on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      B: job\n"
                      "    container:\n      image: i\n      env:\n        B: container\n"
                      "        C: c\n    steps:\n      - run: make\n")
        << "    env:\n      B: job\n      C: c\n" << "";
    QTest::newRow("gitlab empty script")
        << ".gitlab-ci.yml"
        << QByteArray("empty:\n  script: [\"\"]\njob:\n  script: [make]\n")
        << "  - id: job\n" << "no script";
    QTest::newRow("gitlab matrix over variables")
        << ".gitlab-ci.yml"
        << QByteArray("job:\n  variables:\n    V: job\n  parallel:\n    matrix:\n"
                      "      - V: [m1]\n  script: [make]\n")
        << "      V: m1\n" << "";
    QTest::newRow("jenkins stage environment over pipeline environment")
        << "Jenkinsfile"
        << QByteArray("pipeline {\n  agent any\n  environment { A = 'outer' }\n  stages {\n"
                      "    stage('a') {\n      environment { A = 'inner' }\n"
                      "      steps { sh 'make' }\n    }\n  }\n}\n")
        << "A: inner" << "";
    QTest::newRow("jenkins nested withEnv")
        << "Jenkinsfile"
        << QByteArray("pipeline {\n  agent any\n  stages {\n    stage('a') {\n      steps {\n"
                      "        withEnv(['A=1']) { withEnv(['A=2']) { sh 'make' } }\n"
                      "      }\n    }\n  }\n}\n")
        << "A: 2" << "";
}

void TestPipelineImporter::convertedAndValid()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, text);
    QFETCH(QString, expectedYaml);
    QFETCH(QString, warning);
    const ImportResult result = PipelineImporter::importText(text, fileName);
    QVERIFY2(result.ok(), qPrintable(describe(result.diagnostics)));
    const QByteArray yaml = PipelineWriter::toYaml(result.pipeline);
    QVERIFY2(QString::fromUtf8(yaml).contains(expectedYaml), yaml.constData());
    const PipelineLoadResult loaded = PipelineLoader::loadFromText(yaml, QStringLiteral("o.yml"));
    QVERIFY2(loaded.ok(),
             qPrintable(describe(loaded.diagnostics) + u'\n' + QString::fromUtf8(yaml)));
    QVERIFY(loaded.pipeline == result.pipeline);
    if (!warning.isEmpty())
        QVERIFY2(describe(result.diagnostics).contains(warning),
                 qPrintable(describe(result.diagnostics)));
}

// Keys and names of megabytes are quoted short in the importers' messages too.
void TestPipelineImporter::hugeKeysAreQuotedShort()
{
    const QByteArray big(3 * 1024 * 1024, 'k');
    const QList<QPair<QString, QByteArray>> inputs{
        {QStringLiteral(".github/workflows/ci.yml"),
         "on: push\n? " + big
             + "\n: 1\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n"},
        {QStringLiteral(".github/workflows/ci.yml"),
         "on: push\nenv:\n  ? -" + big + "\n  : 1\njobs:\n  a:\n    runs-on: x\n    steps:\n"
         "      - run: make\n"},
        {QStringLiteral(".gitlab-ci.yml"), "? " + big + "\n: 1\njob:\n  script: [make]\n"},
        {QStringLiteral("Jenkinsfile"),
         "pipeline {\n  agent any\n  stages {\n    stage('a') {\n      steps {\n        " + big
             + " 'x'\n        sh 'make'\n      }\n    }\n  }\n}\n"},
    };
    for (const auto &[fileName, text] : inputs) {
        const ImportResult result = PipelineImporter::importText(text, fileName);
        QVERIFY(!result.diagnostics.isEmpty());
        QVERIFY2(describe(result.diagnostics).contains(u"kkkkkkkkkk"),
                 qPrintable(describe(result.diagnostics).left(300)));
        for (const Diagnostic &d : result.diagnostics)
            QVERIFY2(d.toString().size() <= Diagnostic::MaxMessageLength + 100,
                     qPrintable(d.toString().left(200)));
    }
}

QTEST_GUILESS_MAIN(TestPipelineImporter)
#include "tst_pipelineimporter.moc"
