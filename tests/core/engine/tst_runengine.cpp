#include "core/engine/processgroup.h"
#include "core/engine/runengine.h"
#include "core/steps/builtinsteprunners.h"
#include "core/engine/steplogreader.h"
#include "core/pipeline/pipelineloader.h"
#include "core/store/runstore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <sys/mount.h>

using namespace pw::core;

namespace {

bool processAlive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const int close = text.lastIndexOf(')');
    return close > 0 && text.mid(close + 2, 1) != "Z"; // zombies are gone for our purposes
}

qint64 readPid(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().trimmed().toLongLong();
}

} // namespace

class tst_RunEngine : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void commitRunBuildsThatCommitOnly();

    void dagOrder();
    void parallelStages();
    void serialWithOneJob();
    void failureSkipsDependents();
    void failFastCancelsTheRest();
    void whenConditions();
    void stepTimeoutKillsProcessGroup();
    void cancelLeavesNoProcess();
    void retriesWithBackoff();
    void continueOnError();
    void approval();
    void rejection();
    void approvalFromAnotherStore();
    void secretsMaskedAcrossChunks();
    void secretsFileMustBePrivate();
    void commandNotFound();
    void binaryJunkAndLongLine();
    void backgroundChildrenEndWithTheStage();
    void logReadBackEqualsLiveOutput();
    void silentStepLeavesNoLogFiles();
    void untrustedValuesOnlyInEnvironment();
    void metricGate();
    void unsupportedStepKind();
    void artifactsCopied();
    void artifactsCopiedOffTheEventLoop();
    void cancelWhileCopyingArtifacts();
    void workspaceIsACopy();
    void workspaceCopyLeavesOutTheDatabase();
    void runQueueIsFifo();
    void diskFull();

private:
    Pipeline load(const QByteArray &yaml);
    qint64 start(const Pipeline &p, RunRequest request = {});
    RunStatus runToEnd(const Pipeline &p, RunRequest request = {}, qint64 *runId = nullptr);
    QString ws(const QString &name) const { return m_ws->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<QTemporaryDir> m_ws;
    std::unique_ptr<RunStore> m_store;
    std::unique_ptr<RunEngine> m_engine;
    QList<QPair<QString, QString>> m_events; // (kind, stage) in signal order
    QHash<QString, QByteArray> m_live;       // "stage/step" → output seen live
};

void tst_RunEngine::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    m_ws = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<RunStore>();
    QVERIFY2(m_store->open(m_data->path()), qPrintable(m_store->errorString()));
    m_engine = std::make_unique<RunEngine>(m_store.get(), builtinStepRunners());
    m_engine->setKillGraceMs(300);
    m_engine->setOutputBatchMs(10);
    m_events.clear();
    m_live.clear();
    connect(m_engine.get(), &RunEngine::stageStarted, this,
            [this](qint64, const QString &s) { m_events.append({QStringLiteral("start"), s}); });
    connect(m_engine.get(), &RunEngine::stageFinished, this,
            [this](qint64, const QString &s, StageStatus st) {
                m_events.append({QStringLiteral("end"), s});
                m_events.append({toString(st), s});
            });
    connect(m_engine.get(), &RunEngine::stepOutput, this,
            [this](qint64, const QString &s, int step, const OutputChunks &chunks) {
                for (const OutputChunk &c : chunks)
                    m_live[s + u'/' + QString::number(step)] += c.data;
            });
}

void tst_RunEngine::cleanup()
{
    m_engine.reset();
    m_store.reset();
}

Pipeline tst_RunEngine::load(const QByteArray &yaml)
{
    const PipelineLoadResult r = PipelineLoader::loadFromText(yaml, QStringLiteral("test.yml"));
    for (const Diagnostic &d : r.diagnostics)
        qWarning("%s", qPrintable(d.toString()));
    [&] { QVERIFY(r.ok()); }();
    return r.pipeline;
}

qint64 tst_RunEngine::start(const Pipeline &p, RunRequest request)
{
    request.pipeline = p;
    if (request.workspaceDir.isEmpty() && request.projectDir.isEmpty())
        request.workspaceDir = m_ws->path();
    return m_engine->enqueue(request);
}

RunStatus tst_RunEngine::runToEnd(const Pipeline &p, RunRequest request, qint64 *runId)
{
    QSignalSpy finished(m_engine.get(), &RunEngine::runFinished);
    const qint64 id = start(p, request);
    if (runId)
        *runId = id;
    if (id == 0 || !finished.wait(60000))
        return RunStatus::Interrupted;
    return finished.first().at(1).value<RunStatus>();
}

static int indexOf(const QList<QPair<QString, QString>> &events, const char *kind, const char *stage)
{
    return int(events.indexOf({QString::fromLatin1(kind), QString::fromLatin1(stage)}));
}

void tst_RunEngine::dagOrder()
{
    const Pipeline p = load(R"(name: dag
stages:
  - id: d
    needs: [b, c]
    steps: [{run: "true"}]
  - id: a
    steps: [{run: "true"}]
  - id: b
    needs: [a]
    steps: [{run: "true"}]
  - id: c
    needs: [a]
    steps: [{run: "true"}]
)");
    QCOMPARE(toString(runToEnd(p)), toString(RunStatus::Succeeded));
    QVERIFY(indexOf(m_events, "end", "a") < indexOf(m_events, "start", "b"));
    QVERIFY(indexOf(m_events, "end", "a") < indexOf(m_events, "start", "c"));
    QVERIFY(indexOf(m_events, "end", "b") < indexOf(m_events, "start", "d"));
    QVERIFY(indexOf(m_events, "end", "c") < indexOf(m_events, "start", "d"));
    QVERIFY(indexOf(m_events, "succeeded", "d") >= 0);
}

void tst_RunEngine::parallelStages()
{
    // Each stage waits for the other's marker: only stages running at the same time finish.
    const Pipeline p = load(R"(name: par
stages:
  - id: left
    timeout: 20s
    steps: [{run: "touch left.ready; while [ ! -e right.ready ]; do sleep 0.02; done"}]
  - id: right
    timeout: 20s
    steps: [{run: "touch right.ready; while [ ! -e left.ready ]; do sleep 0.02; done"}]
)");
    m_engine->setMaxParallelStages(2);
    QCOMPARE(toString(runToEnd(p)), toString(RunStatus::Succeeded));
}

void tst_RunEngine::serialWithOneJob()
{
    const Pipeline p = load(R"(name: serial
stages:
  - id: one
    steps: [{run: "sleep 0.1"}]
  - id: two
    steps: [{run: "true"}]
  - id: three
    steps: [{run: "true"}]
)");
    m_engine->setMaxParallelStages(1);
    QCOMPARE(toString(runToEnd(p)), toString(RunStatus::Succeeded));
    QVERIFY(indexOf(m_events, "end", "one") < indexOf(m_events, "start", "two"));
    QVERIFY(indexOf(m_events, "end", "two") < indexOf(m_events, "start", "three"));
}

void tst_RunEngine::failureSkipsDependents()
{
    const Pipeline p = load(R"(name: skip
stages:
  - id: broken
    steps: [{run: "exit 3"}]
  - id: after
    needs: [broken]
    steps: [{run: "touch after-ran"}]
  - id: later
    needs: [after]
    steps: [{run: "true"}]
  - id: independent
    steps: [{run: "sleep 0.2; touch independent-ran"}]
  - id: on-failure
    needs: [broken]
    when: {status: failure}
    steps: [{run: "touch failure-handler-ran"}]
  - id: cleanup
    needs: [broken]
    when: {status: always}
    steps: [{run: "true"}]
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Failed));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("broken"))->status), toString(StageStatus::Failed));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("after"))->status), toString(StageStatus::Skipped));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("later"))->status), toString(StageStatus::Skipped));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("independent"))->status), toString(StageStatus::Succeeded));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("on-failure"))->status), toString(StageStatus::Succeeded));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("cleanup"))->status), toString(StageStatus::Succeeded));
    QVERIFY(!QFile::exists(ws(QStringLiteral("after-ran"))));
    QVERIFY(QFile::exists(ws(QStringLiteral("independent-ran"))));
    QVERIFY(QFile::exists(ws(QStringLiteral("failure-handler-ran"))));
    const auto steps = m_store->steps(id);
    QCOMPARE(steps.first().exitCode, 3);
    QVERIFY(m_store->run(id)->message.contains(QStringLiteral("broken")));
}

void tst_RunEngine::failFastCancelsTheRest()
{
    const Pipeline p = load(R"(name: ff
fail-fast: true
stages:
  - id: slow
    steps: [{run: "sleep 30"}]
  - id: broken
    steps: [{run: "sleep 0.2; exit 1"}]
  - id: after-slow
    needs: [slow]
    steps: [{run: "true"}]
)");
    m_engine->setMaxParallelStages(4);
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Failed));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("slow"))->status), toString(StageStatus::Cancelled));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("after-slow"))->status), toString(StageStatus::Skipped));
}

void tst_RunEngine::whenConditions()
{
    const Pipeline p = load(R"(name: when
stages:
  - id: main-only
    when: {branch: [main]}
    steps: [{run: "true"}]
  - id: release
    when: {branch: ["release/*"]}
    steps: [{run: "true"}]
  - id: forced
    when: {expression: "env.FORCE == '1' && stages.release.result == 'succeeded'"}
    needs: [release]
    steps: [{run: "true"}]
  - id: not-forced
    when: {expression: "env.FORCE != '1'"}
    steps: [{run: "true"}]
)");
    RunRequest request;
    request.branch = QStringLiteral("release/2.0");
    request.variables = {{QStringLiteral("FORCE"), QStringLiteral("1")}};
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, request, &id)), toString(RunStatus::Succeeded));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("main-only"))->status), toString(StageStatus::Skipped));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("release"))->status), toString(StageStatus::Succeeded));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("forced"))->status), toString(StageStatus::Succeeded));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("not-forced"))->status), toString(StageStatus::Skipped));
}

void tst_RunEngine::stepTimeoutKillsProcessGroup()
{
    const Pipeline p = load(R"(name: timeout
stages:
  - id: hang
    steps:
      - run: "echo $$ > shell.pid; sleep 300 & echo $! > child.pid; sleep 300"
        timeout: 500ms
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Failed));
    const auto steps = m_store->steps(id);
    QCOMPARE(steps.size(), 1);
    QVERIFY2(steps.first().message.contains(QStringLiteral("timed out")),
             qPrintable(steps.first().message));
    const qint64 shell = readPid(ws(QStringLiteral("shell.pid")));
    const qint64 child = readPid(ws(QStringLiteral("child.pid")));
    QVERIFY(shell > 0 && child > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(child), 5000);
    QVERIFY(!processAlive(shell));
    QTRY_VERIFY_WITH_TIMEOUT(!ProcessGroup::exists(pid_t(shell)), 5000);
    QVERIFY(StepLogReader::readAll(steps.first().logPath).contains("timed out"));
}

void tst_RunEngine::cancelLeavesNoProcess()
{
    // The shell ignores SIGTERM: only the SIGKILL after the grace period ends it.
    const Pipeline p = load(R"(name: cancel
stages:
  - id: stubborn
    steps:
      - run: "trap '' TERM; echo $$ > shell.pid; sleep 300 & echo $! > child.pid; wait"
  - id: next
    needs: [stubborn]
    steps: [{run: "true"}]
)");
    QSignalSpy finished(m_engine.get(), &RunEngine::runFinished);
    const qint64 id = start(p);
    QTRY_VERIFY_WITH_TIMEOUT(readPid(ws(QStringLiteral("child.pid"))) > 0, 10000);
    const qint64 shell = readPid(ws(QStringLiteral("shell.pid")));
    const qint64 child = readPid(ws(QStringLiteral("child.pid")));
    m_engine->cancel(id);
    QVERIFY(finished.wait(10000));
    QCOMPARE(toString(finished.first().at(1).value<RunStatus>()), toString(RunStatus::Cancelled));
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(shell) && !processAlive(child), 5000);
    QVERIFY(!ProcessGroup::exists(pid_t(shell)));
    QCOMPARE(toString(m_store->run(id)->status), toString(RunStatus::Cancelled));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("stubborn"))->status), toString(StageStatus::Cancelled));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("next"))->status), toString(StageStatus::Cancelled));
}

void tst_RunEngine::retriesWithBackoff()
{
    const Pipeline p = load(R"(name: retry
stages:
  - id: flaky
    retries: 3
    retry-backoff: 20ms
    steps:
      - run: "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo try $n; [ $n -ge 3 ]"
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Succeeded));
    const auto attempts = m_store->attempts(id);
    QCOMPARE(attempts.size(), 3);
    QCOMPARE(toString(attempts.at(0).status), toString(StepStatus::Failed));
    QCOMPARE(toString(attempts.at(2).status), toString(StepStatus::Succeeded));
    QCOMPARE(m_store->steps(id).first().attempts, 3);
    const QByteArray log = StepLogReader::readAll(m_store->steps(id).first().logPath);
    QVERIFY(log.contains("try 1") && log.contains("try 3"));
    QVERIFY(log.contains("retrying in"));
}

void tst_RunEngine::continueOnError()
{
    const Pipeline p = load(R"(name: coe
stages:
  - id: lint
    continue-on-error: true
    steps: [{run: "exit 1"}]
  - id: steps
    needs: [lint]
    steps:
      - run: "exit 2"
        continue-on-error: true
      - run: "touch second-step-ran"
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Succeeded));
    const auto lint = m_store->stage(id, QStringLiteral("lint"));
    QCOMPARE(toString(lint->status), toString(StageStatus::Failed));
    QVERIFY(lint->allowedFailure);
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("steps"))->status), toString(StageStatus::Succeeded));
    QVERIFY(QFile::exists(ws(QStringLiteral("second-step-ran"))));
}

void tst_RunEngine::approval()
{
    const Pipeline p = load(R"(name: gate
stages:
  - id: build
    steps: [{run: "true"}]
  - id: deploy
    needs: [build]
    approval: {prompt: "Ship it?"}
    steps: [{run: "touch deployed"}]
)");
    QSignalSpy needed(m_engine.get(), &RunEngine::approvalNeeded);
    QSignalSpy finished(m_engine.get(), &RunEngine::runFinished);
    const qint64 id = start(p);
    QVERIFY(needed.wait(10000));
    QCOMPARE(needed.first().at(1).toString(), QStringLiteral("deploy"));
    QCOMPARE(needed.first().at(2).toString(), QStringLiteral("Ship it?"));
    QCOMPARE(toString(m_engine->runStatus(id)), toString(RunStatus::AwaitingApproval));
    QCOMPARE(toString(m_store->run(id)->status), toString(RunStatus::AwaitingApproval));
    QCOMPARE(m_store->approvalState(id, QStringLiteral("deploy")), QStringLiteral("pending"));
    QVERIFY(!QFile::exists(ws(QStringLiteral("deployed"))));
    QVERIFY(!m_engine->approve(id, QStringLiteral("build")));
    QVERIFY(m_engine->approve(id, QStringLiteral("deploy"), QStringLiteral("alice")));
    QVERIFY(finished.wait(10000));
    QCOMPARE(toString(finished.first().at(1).value<RunStatus>()), toString(RunStatus::Succeeded));
    QVERIFY(QFile::exists(ws(QStringLiteral("deployed"))));
    QCOMPARE(m_store->stage(id, QStringLiteral("deploy"))->approvedBy, QStringLiteral("alice"));
}

void tst_RunEngine::rejection()
{
    const Pipeline p = load(R"(name: gate
stages:
  - id: deploy
    approval: true
    steps: [{run: "touch deployed"}]
  - id: after
    needs: [deploy]
    steps: [{run: "true"}]
)");
    QSignalSpy needed(m_engine.get(), &RunEngine::approvalNeeded);
    const qint64 id = start(p);
    QVERIFY(needed.wait(10000));
    QSignalSpy finished(m_engine.get(), &RunEngine::runFinished);
    QVERIFY(m_engine->reject(id, QStringLiteral("deploy")));
    // The run may end inside reject(): nothing else is left to do.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(toString(finished.first().at(1).value<RunStatus>()), toString(RunStatus::Failed));
    QVERIFY(!QFile::exists(ws(QStringLiteral("deployed"))));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("after"))->status), toString(StageStatus::Skipped));
}

void tst_RunEngine::approvalFromAnotherStore()
{
    // `pipewright approve` in another process writes the decision into the database only.
    const Pipeline p = load(R"(name: gate
stages:
  - id: deploy
    approval: true
    steps: [{run: "touch deployed"}]
)");
    QSignalSpy needed(m_engine.get(), &RunEngine::approvalNeeded);
    QSignalSpy finished(m_engine.get(), &RunEngine::runFinished);
    const qint64 id = start(p);
    QVERIFY(needed.wait(10000));
    RunStore other;
    QVERIFY(other.open(m_data->path()));
    QVERIFY(other.decideApproval(id, QStringLiteral("deploy"), true, QStringLiteral("bob")));
    QVERIFY(!other.decideApproval(id, QStringLiteral("deploy"), true)); // decided already
    QVERIFY(finished.wait(10000));
    QCOMPARE(toString(finished.first().at(1).value<RunStatus>()), toString(RunStatus::Succeeded));
    QVERIFY(QFile::exists(ws(QStringLiteral("deployed"))));
}

void tst_RunEngine::secretsMaskedAcrossChunks()
{
    qputenv("PW_TEST_TOKEN", "tok-SECRET-1234567890");
    const Pipeline p = load(R"(name: secrets
secrets:
  TOKEN: {env: PW_TEST_TOKEN}
stages:
  - id: leak
    steps:
      - run: |
          printf 'first half: tok-SECR'
          sleep 0.3
          printf 'ET-1234567890 end\n'
          echo "env: $TOKEN" >&2
          printf '%s' "$TOKEN" > token-seen
          exit 1
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Failed));
    // The step itself saw the real value.
    QFile seen(ws(QStringLiteral("token-seen")));
    QVERIFY(seen.open(QIODevice::ReadOnly));
    QCOMPARE(seen.readAll(), QByteArray("tok-SECRET-1234567890"));
    const QByteArray live = m_live.value(QStringLiteral("leak/0"));
    QVERIFY2(live.contains("first half: *** end"), live.constData());
    QVERIFY(live.contains("env: ***"));
    QVERIFY(!live.contains("SECR"));
    const QByteArray log = StepLogReader::readAll(m_store->steps(id).first().logPath);
    QCOMPARE(log, live);
    // Nothing on disk holds the value: the database and every file of the run.
    QDirIterator it(m_data->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains("tok-SECRET-1234567890"), qPrintable(f.fileName()));
    }
    qunsetenv("PW_TEST_TOKEN");
}

void tst_RunEngine::secretsFileMustBePrivate()
{
    const QString file = m_data->filePath(QStringLiteral("secrets"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("# test\nDEPLOY=key-from-file-42\n");
    f.close();
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    const Pipeline p = load(R"(name: secrets
secrets:
  DEPLOY_KEY: {file: DEPLOY}
stages:
  - id: use
    steps: [{run: "echo key=$DEPLOY_KEY"}]
)");
    RunRequest request;
    request.secretsFile = file;
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, request, &id)), toString(RunStatus::Failed));
    QVERIFY2(m_store->run(id)->message.contains(QStringLiteral("chmod 600")),
             qPrintable(m_store->run(id)->message));

    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    QCOMPARE(toString(runToEnd(p, request, &id)), toString(RunStatus::Succeeded));
    QCOMPARE(StepLogReader::readAll(m_store->steps(id).first().logPath), QByteArray("key=***\n"));
}

void tst_RunEngine::commandNotFound()
{
    const Pipeline p = load(R"(name: nf
stages:
  - id: typo
    steps: [{run: "definitely-not-a-command-pw"}]
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Failed));
    const StepRecord step = m_store->steps(id).first();
    QCOMPARE(step.exitCode, 127);
    QVERIFY(step.message.contains(QStringLiteral("command not found")));
    QVERIFY(StepLogReader::readAll(step.logPath).contains("definitely-not-a-command-pw"));
}

void tst_RunEngine::binaryJunkAndLongLine()
{
    const Pipeline p = load(R"(name: junk
stages:
  - id: junk
    steps:
      - run: |
          head -c 200000 /dev/urandom
          head -c 1048576 /dev/zero | tr '\0' 'x'
          echo
          echo after
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Succeeded));
    const StepRecord step = m_store->steps(id).first();
    const QByteArray log = StepLogReader::readAll(step.logPath);
    QCOMPARE(log.size(), qsizetype(200000 + 1048576 + 1 + 6));
    QVERIFY(log.endsWith(QByteArray(1048576, 'x') + "\nafter\n"));
    QCOMPARE(m_live.value(QStringLiteral("junk/0")), log);
}

void tst_RunEngine::backgroundChildrenEndWithTheStage()
{
    const Pipeline p = load(R"(name: bg
stages:
  - id: spawn
    steps: [{run: "sleep 300 & echo $! > child.pid"}]
)");
    QCOMPARE(toString(runToEnd(p)), toString(RunStatus::Succeeded));
    const qint64 child = readPid(ws(QStringLiteral("child.pid")));
    QVERIFY(child > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(child), 5000);
}

void tst_RunEngine::logReadBackEqualsLiveOutput()
{
    const Pipeline p = load(R"(name: logs
stages:
  - id: talk
    steps:
      - run: |
          for i in $(seq 1 2000); do echo "line $i"; done
          sleep 0.2 # stdout and stderr are two pipes: let the reads come in order
          printf '\033[31mred\033[0m\n' >&2
          sleep 0.2
          printf 'no newline at the end'
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Succeeded));
    const StepRecord step = m_store->steps(id).first();
    const QByteArray log = StepLogReader::readAll(step.logPath);
    QCOMPARE(log, m_live.value(QStringLiteral("talk/0")));
    QVERIFY(log.contains("\033[31mred\033[0m\n"));
    const auto lines = StepLogReader::readIndex(step.logPath);
    QCOMPARE(lines.size(), 2002);
    QCOMPARE(lines.at(1).offset, qint64(QByteArray("line 1\n").size()));
    const auto red = std::find_if(lines.begin(), lines.end(), [&](const auto &l) {
        return log.mid(l.offset, 4) == "\033[31";
    });
    QVERIFY(red != lines.end());
    QCOMPARE(red->stream, OutputStream::Stderr);
    QVERIFY(lines.first().timestampMs >= m_store->run(id)->startedAt);
}

// Log files are created with a step's first byte: a silent step leaves none (and reads back
// as empty); one that prints has its log and index, timed from the step's start.
void tst_RunEngine::silentStepLeavesNoLogFiles()
{
    const Pipeline p = load(R"(name: quiet
stages:
  - id: quiet
    steps: [{run: "true"}, {run: "sleep 0.1; echo spoke"}]
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Succeeded));
    const QList<StepRecord> steps = m_store->steps(id);
    QCOMPARE(steps.size(), 2);
    QVERIFY(!steps.at(0).logPath.isEmpty());
    QVERIFY(!QFileInfo::exists(steps.at(0).logPath));
    QVERIFY(!QFileInfo::exists(steps.at(0).logPath + QStringLiteral(".idx")));
    QCOMPARE(StepLogReader::readAll(steps.at(0).logPath), QByteArray());
    QVERIFY(StepLogReader::readIndex(steps.at(0).logPath).isEmpty());
    QCOMPARE(StepLogReader::readAll(steps.at(1).logPath), QByteArray("spoke\n"));
    const auto lines = StepLogReader::readIndex(steps.at(1).logPath);
    QCOMPARE(lines.size(), 1);
    // The index header holds the step's start, not the time of its first output.
    QVERIFY(lines.first().timestampMs >= steps.at(1).startedAt + 100);
    QVERIFY(lines.first().timestampMs <= steps.at(1).finishedAt);
}

// A run of a commit gets that commit's files from the object database; the user's dirty
// working tree and HEAD stay exactly as they were.
void tst_RunEngine::commitRunBuildsThatCommitOnly()
{
    QTemporaryDir repo;
    auto git = [&](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(repo.path());
        p.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"),
                                                   QStringLiteral("user.name=T"),
                                                   QStringLiteral("-c"),
                                                   QStringLiteral("user.email=t@e")}
                                           + args);
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    };
    auto writeFile = [&](const QString &name, const QByteArray &content) {
        QFile f(repo.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    };
    git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")});
    writeFile(QStringLiteral("a.txt"), "v1\n");
    git({QStringLiteral("add"), QStringLiteral("a.txt")});
    git({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("one")});
    const QString first = git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    writeFile(QStringLiteral("a.txt"), "v2\n");
    git({QStringLiteral("commit"), QStringLiteral("-qam"), QStringLiteral("two")});
    const QString head = git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    writeFile(QStringLiteral("a.txt"), "dirty\n"); // uncommitted work
    QCOMPARE(first.size(), 40);

    const Pipeline p = load(R"(name: commit
stages:
  - id: show
    steps: [{run: "cat a.txt > seen.txt"}]
)");
    RunRequest request;
    request.projectDir = repo.path();
    request.commit = first;
    request.checkoutCommit = true;
    request.trigger = QStringLiteral("push");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, request, &id)), toString(RunStatus::Succeeded));
    QFile seen(m_store->run(id)->workspace + QStringLiteral("/seen.txt"));
    QVERIFY(seen.open(QIODevice::ReadOnly));
    QCOMPARE(seen.readAll(), QByteArray("v1\n"));
    QFile working(repo.filePath(QStringLiteral("a.txt")));
    QVERIFY(working.open(QIODevice::ReadOnly));
    QCOMPARE(working.readAll(), QByteArray("dirty\n"));
    QCOMPARE(git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), head);
}

void tst_RunEngine::untrustedValuesOnlyInEnvironment()
{
    const Pipeline p = load(R"(name: env
env: {GREETING: hello}
stages:
  - id: show
    env: {WHO: stage}
    steps:
      - run: printf '%s|%s|%s|%s|%s' "$PW_COMMIT_MESSAGE" "$PW_BRANCH" "$GREETING" "$WHO" "$PW_RUN_ID" > env.txt
)");
    RunRequest request;
    request.commitMessage = QStringLiteral("$(touch pwned) `touch pwned2` \"quoted\"; rm -rf x");
    request.branch = QStringLiteral("feature/$(id)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, request, &id)), toString(RunStatus::Succeeded));
    QFile f(ws(QStringLiteral("env.txt")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()),
             request.commitMessage + u'|' + request.branch + QStringLiteral("|hello|stage|")
                 + QString::number(id));
    QVERIFY(!QFile::exists(ws(QStringLiteral("pwned"))));
    QVERIFY(!QFile::exists(ws(QStringLiteral("pwned2"))));
}

void tst_RunEngine::metricGate()
{
    QFile metrics(ws(QStringLiteral("metrics.json")));
    QVERIFY(metrics.open(QIODevice::WriteOnly));
    metrics.write(R"({"accuracy": 0.93, "latency_ms": 130})");
    metrics.close();
    const Pipeline p = load(R"(name: gate
stages:
  - id: quality
    steps:
      - gate:
          metrics: metrics.json
          thresholds: {accuracy: ">= 0.9", latency_ms: "<= 120"}
  - id: ship
    needs: [quality]
    steps: [{run: "true"}]
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Failed));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("ship"))->status), toString(StageStatus::Skipped));
    const QByteArray table = m_live.value(QStringLiteral("quality/0"));
    QVERIFY2(table.contains("latency_ms") && table.contains("MISSED"), table.constData());
    QVERIFY(table.contains("1 of 2 thresholds missed"));
}

void tst_RunEngine::unsupportedStepKind()
{
    // Every kind the loader accepts has a runner; a pipeline built in code can still name
    // one that does not exist (a newer file, a plug-in missing), and fails clearly.
    Pipeline p = load(R"(name: future
stages:
  - id: ship
    steps: [{run: "true"}]
)");
    p.stages[0].steps[0].kind = QStringLiteral("teleport");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Failed));
    QVERIFY(m_store->steps(id).first().message.contains(
        QStringLiteral("step kind teleport is not supported by this build yet")));
}

void tst_RunEngine::artifactsCopied()
{
    const Pipeline p = load(R"(name: art
stages:
  - id: build
    artifacts: ["dist/*.whl", report.txt, missing.bin]
    steps: [{run: "mkdir -p dist; echo w > dist/a.whl; echo o > dist/b.txt; echo r > report.txt"}]
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Succeeded));
    const auto artifacts = m_store->artifacts(id);
    QStringList paths;
    for (const ArtifactRecord &a : artifacts)
        paths << a.path;
    paths.sort();
    QCOMPARE(paths, (QStringList{QStringLiteral("build/dist/a.whl"), QStringLiteral("build/report.txt")}));
    QVERIFY(QFile::exists(m_engine->runDirectory(id) + QStringLiteral("/artifacts/build/dist/a.whl")));
    QVERIFY(StepLogReader::readAll(m_store->steps(id).first().logPath).contains("missing.bin"));
}

// The copy runs on a worker: the event loop turns between the stage's last step ending and
// the stage ending (before, the copy ran inside that call chain and nothing else could).
void tst_RunEngine::artifactsCopiedOffTheEventLoop()
{
    const Pipeline p = load(R"(name: art
stages:
  - id: train
    artifacts: [model.bin]
    steps: [{run: "head -c 50000000 /dev/zero > model.bin"}]
)");
    QStringList order;
    connect(m_engine.get(), &RunEngine::stepFinished, this,
            [&order](qint64, const QString &, int, StepStatus, int) {
                order << QStringLiteral("step finished");
                QTimer::singleShot(0, [&order] { order << QStringLiteral("event loop"); });
            });
    connect(m_engine.get(), &RunEngine::stageFinished, this,
            [&order](qint64, const QString &, StageStatus) {
                order << QStringLiteral("stage finished");
            });
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Succeeded));
    QCOMPARE(order, (QStringList{QStringLiteral("step finished"), QStringLiteral("event loop"),
                                 QStringLiteral("stage finished")}));
    const auto artifacts = m_store->artifacts(id);
    QCOMPARE(artifacts.size(), 1);
    QCOMPARE(artifacts.first().size, 50000000);
    QCOMPARE(QFileInfo(m_engine->runDirectory(id) + QStringLiteral("/artifacts/train/model.bin"))
                 .size(),
             50000000);
}

// A cancel while the artifacts are being copied ends the stage and the run cancelled, with
// what was copied recorded and no copy left running past the run.
void tst_RunEngine::cancelWhileCopyingArtifacts()
{
    const Pipeline p = load(R"(name: art
stages:
  - id: build
    artifacts: [out]
    steps: [{run: "mkdir out; for i in $(seq 3000); do echo $i > out/f$i; done"}]
  - id: after
    needs: [build]
    steps: [{run: "echo never"}]
)");
    qint64 id = 0;
    connect(m_engine.get(), &RunEngine::stepFinished, this,
            [this, &id](qint64 runId, const QString &stage, int, StepStatus, int) {
                if (runId == id && stage == u"build")
                    QTimer::singleShot(0, this, [this, &id] { m_engine->cancel(id); });
            });
    QSignalSpy finished(m_engine.get(), &RunEngine::runFinished);
    id = start(p);
    QVERIFY(id > 0);
    QVERIFY(finished.wait(60000));
    QCOMPARE(toString(finished.first().at(1).value<RunStatus>()), toString(RunStatus::Cancelled));
    const auto stages = m_store->stages(id);
    QVERIFY(!stages.isEmpty());
    QCOMPARE(toString(stages.first().status), toString(StageStatus::Cancelled));
    const qsizetype recorded = m_store->artifacts(id).size();
    QVERIFY(recorded <= 3000);
    QVERIFY(!m_live.contains(QStringLiteral("after/0")));
}

void tst_RunEngine::workspaceIsACopy()
{
    QFile source(ws(QStringLiteral("input.txt")));
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write("original");
    source.close();
    const Pipeline p = load(R"(name: copy
stages:
  - id: edit
    steps: [{run: "cat input.txt > seen.txt; echo changed > input.txt"}]
)");
    RunRequest request;
    request.projectDir = m_ws->path();
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, request, &id)), toString(RunStatus::Succeeded));
    const QString workspace = m_store->run(id)->workspace;
    QVERIFY(workspace.startsWith(m_data->path()));
    QFile seen(workspace + QStringLiteral("/seen.txt"));
    QVERIFY(seen.open(QIODevice::ReadOnly));
    QCOMPARE(seen.readAll(), QByteArray("original"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(source.readAll(), QByteArray("original")); // the project is untouched
}

// The data directory inside the project, and the project named through a symlink: the copy
// still leaves the database, its WAL and index out. Opening and closing them in this process
// would drop the store's POSIX locks, and another process could then lose commits.
void tst_RunEngine::workspaceCopyLeavesOutTheDatabase()
{
    const QString project = ws(QStringLiteral("project"));
    QVERIFY(QDir().mkpath(project));
    QFile input(project + QStringLiteral("/input.txt"));
    QVERIFY(input.open(QIODevice::WriteOnly));
    input.write("data");
    input.close();
    const QString link = ws(QStringLiteral("link"));
    QVERIFY(QFile::link(project, link));
    RunStore store;
    QVERIFY(store.open(project + QStringLiteral("/.pipewright")));
    RunEngine engine(&store, builtinStepRunners());
    QSignalSpy finished(&engine, &RunEngine::runFinished);
    RunRequest request;
    request.pipeline = load("name: copy\nstages:\n  - id: a\n    steps: [{run: \"cat input.txt\"}]\n");
    request.projectDir = link;
    const qint64 id = engine.enqueue(request);
    QVERIFY(id > 0);
    QVERIFY(finished.wait(30000));
    QCOMPARE(toString(finished.first().at(1).value<RunStatus>()), toString(RunStatus::Succeeded));
    const QString workspace = store.run(id)->workspace;
    QVERIFY(QFileInfo::exists(workspace + QStringLiteral("/input.txt")));
    QVERIFY(!QFileInfo::exists(workspace + QStringLiteral("/.pipewright")));
    QDirIterator it(workspace, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        QVERIFY2(!it.next().contains(QStringLiteral("pipewright.db")), qPrintable(it.filePath()));
}

void tst_RunEngine::runQueueIsFifo()
{
    const Pipeline p = load(R"(name: q
stages:
  - id: s
    steps: [{run: "echo $PW_RUN_ID >> order.txt"}]
)");
    QList<qint64> started;
    connect(m_engine.get(), &RunEngine::runStarted, this, [&](qint64 id) {
        QVERIFY(m_engine->activeRuns().size() >= 1);
        started << id;
    });
    QSignalSpy finished(m_engine.get(), &RunEngine::runFinished);
    const qint64 a = start(p);
    const qint64 b = start(p);
    const qint64 c = start(p);
    QCOMPARE(toString(m_store->run(c)->status), toString(RunStatus::Queued));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 20000);
    QCOMPARE(started, (QList<qint64>{a, b, c}));
    QFile order(ws(QStringLiteral("order.txt")));
    QVERIFY(order.open(QIODevice::ReadOnly));
    QCOMPARE(order.readAll(), QStringLiteral("%1\n%2\n%3\n").arg(a).arg(b).arg(c).toUtf8());
    for (qint64 id : {a, b, c}) {
        const auto r = m_store->run(id);
        QVERIFY(r->queuedAt > 0 && r->startedAt >= r->queuedAt && r->finishedAt >= r->startedAt);
    }
    QVERIFY(m_store->run(b)->startedAt >= m_store->run(a)->finishedAt);
}

void tst_RunEngine::diskFull()
{
    // A 64 KiB tmpfs as the runs directory: the log fills it.
    const QString mountPoint = m_data->filePath(QStringLiteral("tiny"));
    QVERIFY(QDir().mkpath(mountPoint));
    if (::mount("tmpfs", QFile::encodeName(mountPoint).constData(), "tmpfs", 0, "size=64k") != 0)
        QFAIL(qPrintable(QStringLiteral("mounting a 64k tmpfs needs root (CAP_SYS_ADMIN): %1")
                             .arg(QString::fromLocal8Bit(strerror(errno)))));
    auto unmount = qScopeGuard([&] { ::umount2(QFile::encodeName(mountPoint).constData(), MNT_DETACH); });
    m_engine->setRunsDirectory(mountPoint);
    const Pipeline p = load(R"(name: full
stages:
  - id: chatty
    steps: [{run: "head -c 4000000 /dev/zero | tr '\\0' 'y' | fold -w 100"}]
  - id: after
    needs: [chatty]
    steps: [{run: "true"}]
)");
    qint64 id = 0;
    QCOMPARE(toString(runToEnd(p, {}, &id)), toString(RunStatus::Failed));
    const StepRecord step = m_store->steps(id).first();
    QVERIFY2(step.message.contains(QStringLiteral("No space left on device")),
             qPrintable(step.message));
    QVERIFY(m_store->run(id)->message.contains(QStringLiteral("No space left")));
    QCOMPARE(toString(m_store->stage(id, QStringLiteral("after"))->status), toString(StageStatus::Skipped));
    // The engine lives on: the next run (on a normal disk) works.
    m_engine->setRunsDirectory(m_data->filePath(QStringLiteral("runs")));
    const Pipeline ok = load("name: ok\nstages:\n  - id: a\n    steps: [{run: \"true\"}]\n");
    QCOMPARE(toString(runToEnd(ok)), toString(RunStatus::Succeeded));
}

QTEST_GUILESS_MAIN(tst_RunEngine)
#include "tst_runengine.moc"
