#include "core/pipeline/pipelineloader.h"

#include <QTest>

using namespace pw::core;

class tst_PipelineLoader : public QObject
{
    Q_OBJECT

private slots:
    void demoIsValid();
    void readsAllFields();
    void errors_data();
    void errors();
    void reportsEveryMistakeWithPosition();
    void badInput_data();
    void badInput();
    void missingFileIsIoError();
    void hugeValuesAreQuotedShort_data();
    void hugeValuesAreQuotedShort();
};

void tst_PipelineLoader::demoIsValid()
{
    const auto result = PipelineLoader::loadFile(
        QStringLiteral(PW_SOURCE_DIR "/resources/demo/.pipewright.yml"));
    for (const Diagnostic &d : result.diagnostics)
        qWarning() << d.toString();
    QVERIFY(result.ok());
    QCOMPARE(result.pipeline.name, QStringLiteral("sentiment-service"));
    QCOMPARE(result.pipeline.stages.size(), 6);
    QCOMPARE(result.pipeline.stages[2].needs, (QStringList{u"lint"_qs, u"unit-tests"_qs}));
    QCOMPARE(result.pipeline.stages[3].steps[0].kind, QStringLiteral("gate"));
}

void tst_PipelineLoader::readsAllFields()
{
    const QByteArray text = R"(version: 1
name: full
triggers:
  push: [main, "release/*"]
  manual: false
env: {A: "1", B: two}
secrets:
  TOKEN: {env: MY_TOKEN}
  KEY: {file: deploy-key}
environments:
  prod:
    context: kind
    namespace: shop
    app: api
    service: api-svc
    port: 8080
    health-path: /ready
    replicas: 3
    manifests: [k8s/deploy.yaml]
    preview-service: api-preview
    scale-down-delay: 2m
    promotion: manual
    verify-window: 30s
    verify-interval: 5s
    smoke: service-proxy
    smoke-timeout: 2m
    metrics-path: /metrics
    metrics: {accuracy: ">= 0.9", latency_ms: "<= 250"}
fail-fast: true
stages:
  - id: build
    name: Build it
    image: debian:bookworm
    env: {C: "3"}
    timeout: 1h30m
    retries: 2
    retry-backoff: 5s
    continue-on-error: true
    artifacts: [out/*.bin]
    steps:
      - name: compile
        run: {command: make, shell: sh, workdir: src}
        env: {D: "4"}
        timeout: 90s
        retries: 1
        continue-on-error: true
      - docker-build:
          context: .
          tags: [a:1, a:latest]
          args: {X: y}
          no-cache: true
  - id: ship
    needs: build
    when:
      branch: [main]
      status: always
      expression: "stages.build.result == 'succeeded'"
    approval: {prompt: "Go?", approvers: [alice]}
    steps:
      - bluegreen: {environment: prod, image: "a:1"}
)";
    const auto r = PipelineLoader::loadFromText(text, QStringLiteral("full.yml"));
    for (const Diagnostic &d : r.diagnostics)
        qWarning() << d.toString();
    QVERIFY(r.ok());
    const Pipeline &p = r.pipeline;
    QCOMPARE(p.triggers.pushBranches, (QStringList{u"main"_qs, u"release/*"_qs}));
    QVERIFY(!p.triggers.manual);
    QCOMPARE(p.env.size(), 2);
    QCOMPARE(p.env[1].value, QStringLiteral("two"));
    QCOMPARE(p.secrets.size(), 2);
    QCOMPARE(p.secrets[0].fromEnv, QStringLiteral("MY_TOKEN"));
    QCOMPARE(p.secrets[1].fromFile, QStringLiteral("deploy-key"));
    QVERIFY(p.failFast);
    const EnvironmentSpec &e = p.environments.at(0);
    QCOMPARE(e.port, 8080);
    QCOMPARE(e.replicas, 3);
    QCOMPARE(e.scaleDownDelayMs, 120000);
    QVERIFY(!e.autoPromote);
    QCOMPARE(e.verifyWindowMs, 30000);
    QCOMPARE(e.verifyIntervalMs, 5000);
    QCOMPARE(e.smoke, QStringLiteral("service-proxy"));
    QCOMPARE(e.smokeTimeoutMs, 120000);
    QCOMPARE(e.metricsPath, QStringLiteral("/metrics"));
    QCOMPARE(e.metricThresholds.value(QStringLiteral("latency_ms")).toString(),
             QStringLiteral("<= 250"));
    const StageSpec &b = p.stages[0];
    QCOMPARE(b.timeoutMs, qint64(5400000));
    QCOMPARE(b.retries, 2);
    QVERIFY(b.continueOnError);
    QCOMPARE(b.steps[0].params.value(u"shell"_qs).toString(), QStringLiteral("sh"));
    QCOMPARE(b.steps[0].timeoutMs, 90000);
    QCOMPARE(b.steps[1].params.value(u"tags"_qs).toStringList().size(), 2);
    QCOMPARE(b.steps[1].params.value(u"no-cache"_qs).toBool(), true);
    const StageSpec &s = p.stages[1];
    QCOMPARE(s.needs, QStringList{u"build"_qs});
    QCOMPARE(s.when.status, WhenSpec::Status::Always);
    QVERIFY(s.approval.required);
    QCOMPARE(s.approval.approvers, QStringList{u"alice"_qs});
}

void tst_PipelineLoader::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown top key") << QByteArray("stages: []\nstagez: 1\n") << 2 << 1
                                     << u"unknown key 'stagez' in the pipeline; did you mean 'stages'?"_qs;
    QTest::newRow("unknown stage key")
        << QByteArray("stages:\n  - id: a\n    nedes: [b]\n    steps: [{run: x}]\n") << 3 << 5
        << u"did you mean 'needs'?"_qs;
    QTest::newRow("wrong type")
        << QByteArray("stages:\n  - id: a\n    retries: many\n    steps: [{run: x}]\n") << 3 << 14
        << u"retries must be a whole number"_qs;
    QTest::newRow("unknown step kind")
        << QByteArray("stages:\n  - id: a\n    steps:\n      - shell: ls\n") << 4 << 9
        << u"unknown key 'shell'"_qs;
    QTest::newRow("no step kind")
        << QByteArray("stages:\n  - id: a\n    steps:\n      - name: x\n") << 4 << 9
        << u"step has no kind"_qs;
    QTest::newRow("duplicate id")
        << QByteArray("stages:\n  - id: a\n    steps: [{run: x}]\n  - id: a\n    steps: [{run: y}]\n")
        << 4 << 9 << u"duplicate stage id 'a' (first at line 2)"_qs;
    QTest::newRow("unknown need")
        << QByteArray("stages:\n  - id: build\n    steps: [{run: x}]\n  - id: t\n    needs: [biuld]\n"
                      "    steps: [{run: y}]\n")
        << 5 << 13 << u"needs 'biuld', which is not a stage of this pipeline; did you mean 'build'?"_qs;
    QTest::newRow("cycle")
        << QByteArray("stages:\n  - id: a\n    needs: [b]\n    steps: [{run: x}]\n  - id: b\n"
                      "    needs: [a]\n    steps: [{run: y}]\n")
        << 2 << 9 << u"dependency cycle through needs: a → b → a"_qs;
    QTest::newRow("self cycle")
        << QByteArray("stages:\n  - id: a\n    needs: a\n    steps: [{run: x}]\n") << 2 << 9
        << u"dependency cycle through needs: a → a"_qs;
    QTest::newRow("missing steps") << QByteArray("stages:\n  - id: a\n") << 2 << 5
                                   << u"missing its required 'steps'"_qs;
    QTest::newRow("missing id") << QByteArray("stages:\n  - steps: [{run: x}]\n") << 2 << 5
                                << u"missing its required 'id'"_qs;
    QTest::newRow("missing stages") << QByteArray("name: x\n") << 1 << 1
                                    << u"missing required key 'stages'"_qs;
    QTest::newRow("bad duration")
        << QByteArray("stages:\n  - id: a\n    timeout: 10 minutes\n    steps: [{run: x}]\n") << 3
        << 14 << u"bad duration '10 minutes'"_qs;
    QTest::newRow("missing required field")
        << QByteArray("stages:\n  - id: a\n    steps:\n      - docker-build: {context: .}\n") << 4
        << 9 << u"'docker-build' step is missing its required field 'tags'"_qs;
    QTest::newRow("secret value")
        << QByteArray("secrets:\n  TOKEN: hunter2\nstages: []\n") << 2 << 10
        << u"secret values never go in the pipeline file"_qs;
    QTest::newRow("bad when expression")
        << QByteArray("stages:\n  - id: a\n    when: {expression: \"branch == 'main' &&\"}\n"
                      "    steps: [{run: x}]\n")
        << 3 << 44 << u"bad when.expression"_qs;
    QTest::newRow("unknown environment")
        << QByteArray("environments: {prod: {app: a}}\nstages:\n  - id: a\n    steps:\n"
                      "      - bluegreen: {environment: prd, image: x}\n")
        << 5 << 9 << u"did you mean 'prod'?"_qs;
    QTest::newRow("bad smoke mode")
        << QByteArray("environments:\n  prod: {app: a, service: a, smoke: curl}\nstages: []\n")
        << 2 << 37 << u"smoke must be 'docker', 'service-proxy' or 'none', found 'curl'"_qs;
    QTest::newRow("metrics without a path")
        << QByteArray("environments:\n  prod:\n    app: a\n    service: a\n"
                      "    metrics: {accuracy: '>= 0.9'}\nstages: []\n")
        << 2 << 3 << u"has 'metrics' thresholds but no 'metrics-path'"_qs;
    QTest::newRow("environment bad threshold")
        << QByteArray("environments:\n  prod:\n    app: a\n    service: a\n"
                      "    metrics-path: /m\n    metrics: {accuracy: good}\nstages: []\n")
        << 2 << 3 << u"threshold for 'accuracy' is 'good'"_qs;
    QTest::newRow("environment without a service")
        << QByteArray("environments:\n  prod: {app: a}\nstages: []\n")
        << 2 << 3 << u"environment 'prod' needs 'service'"_qs;
    QTest::newRow("bad threshold")
        << QByteArray("stages:\n  - id: a\n    steps:\n      - gate: {metrics: m.json, "
                      "thresholds: {acc: 'high'}}\n")
        << 4 << 9 << u"gate threshold for 'acc' is 'high'"_qs;
    QTest::newRow("two kinds")
        << QByteArray("stages:\n  - id: a\n    steps:\n      - run: x\n        gate: y\n") << 5
        << 9 << u"has both 'run' and 'gate'"_qs;
    QTest::newRow("duplicate key")
        << QByteArray("name: a\nname: b\nstages: []\n") << 2 << 1 << u"duplicate key 'name'"_qs;
    QTest::newRow("syntax error")
        << QByteArray("stages:\n  - id: a\n    steps: [{run: x}\n") << 4 << 1
        << u"YAML syntax error"_qs;
    QTest::newRow("root not a map") << QByteArray("- a\n- b\n") << 1 << 1
                                    << u"must be a mapping"_qs;
    QTest::newRow("bad id")
        << QByteArray("stages:\n  - id: 'a b'\n    steps: [{run: x}]\n") << 2 << 9
        << u"may only contain"_qs;
}

void tst_PipelineLoader::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto r = PipelineLoader::loadFromText(text, QStringLiteral("p.yml"));
    QVERIFY(!r.ok());
    QVERIFY(!r.ioError);
    bool found = false;
    QStringList all;
    for (const Diagnostic &d : r.diagnostics) {
        all << d.toString();
        if (d.message.contains(message) && d.location.line == line && d.location.column == column)
            found = true;
    }
    if (!found)
        qWarning() << "got:" << all;
    QVERIFY(found);
}

void tst_PipelineLoader::reportsEveryMistakeWithPosition()
{
    const auto r = PipelineLoader::loadFile(QStringLiteral(PW_TEST_DATA_DIR
                                                           "/pipeline/many-mistakes.yml"));
    QVERIFY(!r.ok());
    QStringList lines;
    for (const Diagnostic &d : r.diagnostics)
        lines << d.toString().section(u'/', -1);
    const QStringList expected = {
        u"many-mistakes.yml:7:9: error: unknown key 'timout' in a step of stage 'build'; did you mean 'timeout'?"_qs,
        u"many-mistakes.yml:9:13: error: stage 'test' needs 'biuld', which is not a stage of this pipeline; did you mean 'build'?"_qs,
        u"many-mistakes.yml:10:14: error: timeout: bad duration 'ten minutes'; write e.g. 90s, 10m, 1h30m or 500ms"_qs,
        u"many-mistakes.yml:12:9: error: unknown key 'docker-bild' in a step of stage 'test'; did you mean 'docker-build'?"_qs,
        u"many-mistakes.yml:12:9: error: step has no kind; give one of: run, docker-build, docker-push, docker-run, kube-apply, rollout, gate, bluegreen"_qs,
        u"many-mistakes.yml:13:9: error: duplicate stage id 'build' (first at line 4)"_qs,
        u"many-mistakes.yml:16:9: error: dependency cycle through needs: deploy → deploy-check → deploy"_qs,
        u"many-mistakes.yml:19:9: error: gate threshold for 'accuracy' is 'at least 0.9'; write '>= 0.9', '<= 0.2', '== 1' or a range '0.8..0.95'"_qs,
    };
    if (lines != expected)
        qWarning().noquote() << lines.join(u'\n');
    QCOMPARE(lines, expected);
}

void tst_PipelineLoader::badInput_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QByteArray() << u"the file is empty"_qs;
    QTest::newRow("whitespace") << QByteArray("\n  \n") << u"the file is empty"_qs;
    QByteArray junk;
    for (int i = 0; i < 4096; ++i)
        junk.append(char((i * 7919) % 256));
    QTest::newRow("binary junk") << junk << u"binary data"_qs;
    QTest::newRow("invalid utf8") << QByteArray("name: \xff\xfe\nstages: []\n")
                                  << u"not valid UTF-8"_qs;
    QTest::newRow("deep flow nesting")
        << QByteArray("stages: ") + QByteArray(10000, '[') + QByteArray(10000, ']')
        << u"nested more than"_qs;
    QByteArray block = "stages:\n";
    for (int i = 0; i < 10000; ++i)
        block += QByteArray(i + 1, ' ') + "- \n";
    QTest::newRow("deep block nesting") << block << u""_qs;
    QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'z'; ++c) {
        bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [";
        for (int i = 0; i < 9; ++i)
            bomb += QByteArray(i ? ", *" : "*") + QByteArray(1, prev);
        bomb += "]\n";
        prev = c;
    }
    bomb += "stages:\n  - id: s\n    env: *z\n    steps: *z\n";
    QTest::newRow("yaml bomb") << bomb << u"unknown key 'a'"_qs;
    QTest::newRow("tabs") << QByteArray("stages:\n\t- id: a\n") << u"YAML syntax error"_qs;
}

void tst_PipelineLoader::badInput()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const auto r = PipelineLoader::loadFromText(text, QStringLiteral("bad.yml"));
    QVERIFY(!r.ok());
    QVERIFY(!r.diagnostics.isEmpty());
    bool found = false;
    for (const Diagnostic &d : r.diagnostics) {
        QVERIFY(d.location.line >= 0);
        if (d.message.contains(message))
            found = true;
    }
    if (!found)
        qWarning() << r.diagnostics.first().toString();
    QVERIFY(found);
}

void tst_PipelineLoader::missingFileIsIoError()
{
    const auto r = PipelineLoader::loadFile(QStringLiteral("/nonexistent/pipeline.yml"));
    QVERIFY(r.ioError);
    QVERIFY(r.diagnostics.first().toString().startsWith(u"/nonexistent/pipeline.yml:1:1: error: cannot read"_qs));
}

QTEST_GUILESS_MAIN(tst_PipelineLoader)
// A key or value of megabytes is quoted as a short excerpt, never whole (a 7.8 MB key was
// echoed into the diagnostics, issue 16).
void tst_PipelineLoader::hugeValuesAreQuotedShort_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const QByteArray big(2 * 1024 * 1024, 'k');
    // Plain keys stop at 1024 characters in YAML; `? ` keys have no limit.
    QTest::newRow("unknown top-level key") << QByteArray("? " + big + "\n: 1\n")
                                           << "unknown key 'kkk";
    QTest::newRow("unknown stage key")
        << QByteArray("stages:\n  - id: a\n    ? " + big + "\n    : 1\n    steps: [{run: x}]\n")
        << "unknown key 'kkk";
    QTest::newRow("env name")
        << QByteArray("env:\n  ? A-" + big + "\n  : 1\nstages:\n  - id: a\n"
                      "    steps: [{run: x}]\n")
        << "is not a valid environment variable name";
    QTest::newRow("stage id")
        << QByteArray("stages:\n  - id: '-" + big + "'\n    steps: [{run: x}]\n")
        << "may only contain";
    QTest::newRow("bad number")
        << QByteArray("stages:\n  - id: a\n    retries: " + big + "\n    steps: [{run: x}]\n")
        << "retries";
}

void tst_PipelineLoader::hugeValuesAreQuotedShort()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const PipelineLoadResult r = PipelineLoader::loadFromText(text, QStringLiteral("big.yml"));
    QVERIFY(!r.ok());
    bool found = false;
    for (const Diagnostic &d : r.diagnostics) {
        QVERIFY2(d.toString().size() <= Diagnostic::MaxMessageLength + 100,
                 qPrintable(d.toString().left(300)));
        found = found || d.message.contains(message);
    }
    QVERIFY2(found, qPrintable(r.diagnostics.value(0).message.left(300)));
}

#include "tst_pipelineloader.moc"
