// The headless commands end to end, in child processes: exit codes, SIGINT, approval from a
// second process, two processes on one database, and SIGKILL mid-run.
#include "core/engine/processgroup.h"
#include "core/engine/steplogreader.h"
#include "core/store/runstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace pw::core;

static bool shellAlive(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const int close = text.lastIndexOf(')');
    return close > 0 && text.mid(close + 2, 1) != "Z";
}

class tst_RunCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void succeededAndFailed();
    void loadErrors();
    void sigintCancelsWithoutOrphans();
    void approveFromAnotherProcess();
    void twoProcessesOnOneDatabase();
    void sigkillMidRunKeepsTheRecord();
    void historyJson();
    void stepHasNoTerminalAndItsOwnGroup();

private:
    QString writePipeline(const QString &name, const QByteArray &yaml);
    std::unique_ptr<QProcess> startCli(const QStringList &args);
    int runCli(const QStringList &args, QByteArray *out = nullptr, QByteArray *err = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_RunCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

QString tst_RunCli::writePipeline(const QString &name, const QByteArray &yaml)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(yaml);
    return path;
}

std::unique_ptr<QProcess> tst_RunCli::startCli(const QStringList &args)
{
    auto p = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), m_dir->filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("PIPEWRIGHT_KILL_GRACE_MS"), QStringLiteral("300"));
    p->setProcessEnvironment(env);
    p->start(QStringLiteral(PW_ENGINE_CLI), args);
    return p;
}

int tst_RunCli::runCli(const QStringList &args, QByteArray *out, QByteArray *err)
{
    auto p = startCli(args);
    QSignalSpy done(p.get(), &QProcess::finished);
    if (!done.wait(60000))
        return -1;
    if (out)
        *out = p->readAllStandardOutput();
    if (err)
        *err = p->readAllStandardError();
    return p->exitCode();
}

void tst_RunCli::succeededAndFailed()
{
    const QString ok = writePipeline(QStringLiteral("ok.yml"), R"(name: ok
stages:
  - id: build
    steps: [{run: "echo built $GREETING"}]
  - id: test
    needs: [build]
    steps: [{run: "echo tested"}]
)");
    QByteArray out;
    QCOMPARE(runCli({QStringLiteral("run"), ok, QStringLiteral("--set"), QStringLiteral("GREETING=hi"),
                     QStringLiteral("--jobs"), QStringLiteral("1")},
                    &out),
             0);
    QVERIFY2(out.contains("[build] built hi\n"), out.constData());
    QVERIFY(out.contains("[test ] tested\n"));
    QVERIFY(out.contains("succeeded"));
    QVERIFY(out.contains("STAGE"));

    const QString bad = writePipeline(QStringLiteral("bad.yml"), R"(name: bad
stages:
  - id: build
    steps: [{run: "echo oops >&2; exit 4"}]
)");
    QCOMPARE(runCli({QStringLiteral("run"), bad}, &out), 1);
    QVERIFY(out.contains("[build] oops\n"));
    QVERIFY(out.contains("exit code 4"));
}

void tst_RunCli::loadErrors()
{
    QByteArray err;
    QCOMPARE(runCli({QStringLiteral("run"), m_dir->filePath(QStringLiteral("nope.yml"))}, nullptr, &err), 2);
    const QString invalid = writePipeline(QStringLiteral("invalid.yml"), "name: x\nstages:\n  - id: a\n    needs: [zzz]\n    steps: [{run: \"true\"}]\n");
    QCOMPARE(runCli({QStringLiteral("run"), invalid}, nullptr, &err), 1);
    QVERIFY2(err.contains("invalid.yml:4:"), err.constData());
    QCOMPARE(runCli({QStringLiteral("run")}, nullptr, &err), 2);
}

void tst_RunCli::sigintCancelsWithoutOrphans()
{
    const QString file = writePipeline(QStringLiteral("long.yml"), R"(name: long
stages:
  - id: wait
    steps: [{run: "echo $$ > shell.pid; sleep 300 & echo $! > child.pid; echo started; wait"}]
)");
    auto p = startCli({QStringLiteral("run"), file, QStringLiteral("--workspace"), m_dir->path()});
    QTRY_VERIFY_WITH_TIMEOUT(p->readAllStandardOutput().size() >= 0
                                 && QFile::exists(m_dir->filePath(QStringLiteral("child.pid"))),
                             20000);
    QFile pidFile(m_dir->filePath(QStringLiteral("shell.pid")));
    QVERIFY(pidFile.open(QIODevice::ReadOnly));
    const pid_t shell = pid_t(pidFile.readAll().trimmed().toInt());
    QVERIFY(shell > 0);
    QSignalSpy done(p.get(), &QProcess::finished);
    ::kill(pid_t(p->processId()), SIGINT);
    QVERIFY(done.wait(20000));
    QCOMPARE(p->exitCode(), 130);
    QVERIFY(!ProcessGroup::exists(shell));
}

void tst_RunCli::approveFromAnotherProcess()
{
    const QString file = writePipeline(QStringLiteral("gate.yml"), R"(name: gate
stages:
  - id: deploy
    approval: {prompt: "go?"}
    steps: [{run: "echo deployed"}]
)");
    auto p = startCli({QStringLiteral("run"), file});
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p->readAllStandardOutput()).contains("awaits approval"), 20000);
    RunStore store;
    QVERIFY(store.open(m_dir->filePath(QStringLiteral("data"))));
    const qint64 runId = store.runs(1).first().id;
    QByteArray err;
    QCOMPARE(runCli({QStringLiteral("approve"), QString::number(runId), QStringLiteral("nosuch")}, nullptr, &err), 1);
    QCOMPARE(runCli({QStringLiteral("approve"), QString::number(runId), QStringLiteral("deploy")}), 0);
    QSignalSpy done(p.get(), &QProcess::finished);
    QVERIFY(done.wait(20000));
    out += p->readAllStandardOutput();
    QCOMPARE(p->exitCode(), 0);
    QVERIFY(out.contains("[deploy] deployed"));
}

void tst_RunCli::twoProcessesOnOneDatabase()
{
    const QString file = writePipeline(QStringLiteral("many.yml"), R"(name: many
stages:
  - id: a
    steps: [{run: "for i in $(seq 20); do echo $i; done"}]
  - id: b
    steps: [{run: "true"}]
  - id: c
    needs: [a, b]
    steps: [{run: "true"}]
)");
    std::vector<std::unique_ptr<QProcess>> procs;
    for (int i = 0; i < 4; ++i)
        procs.push_back(startCli({QStringLiteral("run"), file}));
    for (auto &p : procs) {
        QVERIFY(p->waitForFinished(60000)); // test code may block; the engine never does
        QVERIFY2(p->exitCode() == 0, (p->readAllStandardOutput() + p->readAllStandardError())
                                         .right(3000).constData());
    }
    RunStore store;
    QVERIFY(store.open(m_dir->filePath(QStringLiteral("data"))));
    const auto runs = store.runs();
    QCOMPARE(runs.size(), 4);
    for (const RunRecord &r : runs) {
        QCOMPARE(toString(r.status), toString(RunStatus::Succeeded));
        QCOMPARE(store.stages(r.id).size(), 3);
    }
}

void tst_RunCli::sigkillMidRunKeepsTheRecord()
{
    const QString file = writePipeline(QStringLiteral("killed.yml"), R"(name: killed
stages:
  - id: first
    steps: [{run: "echo first done"}]
  - id: second
    needs: [first]
    steps: [{run: "echo $$ > second.pid; echo second started; sleep 300"}]
)");
    auto p = startCli({QStringLiteral("run"), file, QStringLiteral("--workspace"), m_dir->path()});
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p->readAllStandardOutput()).contains("second started"), 20000);
    QSignalSpy done(p.get(), &QProcess::finished);
    ::kill(pid_t(p->processId()), SIGKILL);
    QVERIFY(done.wait(10000));

    // What was recorded before the kill is all there; the next start marks the run.
    RunStore store;
    QVERIFY(store.open(m_dir->filePath(QStringLiteral("data"))));
    QCOMPARE(store.recoveredRunCount(), 1);
    const RunRecord run = store.runs(1).first();
    QCOMPARE(toString(run.status), toString(RunStatus::Interrupted));
    QVERIFY(run.queuedAt > 0 && run.startedAt > 0);
    const auto first = store.stage(run.id, QStringLiteral("first"));
    QCOMPARE(toString(first->status), toString(StageStatus::Succeeded));
    QVERIFY(first->startedAt > 0 && first->finishedAt >= first->startedAt);
    const auto second = store.stage(run.id, QStringLiteral("second"));
    QVERIFY(second->startedAt > 0);
    QCOMPARE(toString(second->status), toString(StageStatus::Cancelled));
    const auto steps = store.steps(run.id);
    QCOMPARE(steps.size(), 2);
    QCOMPARE(steps.at(0).exitCode, 0);
    QCOMPARE(StepLogReader::readAll(steps.at(0).logPath), QByteArray("first done\n"));
    QCOMPARE(StepLogReader::readAll(steps.at(1).logPath), QByteArray("second started\n"));
    // The step's shell died with its parent (PR_SET_PDEATHSIG).
    QFile pidFile(m_dir->filePath(QStringLiteral("second.pid")));
    QVERIFY(pidFile.open(QIODevice::ReadOnly));
    const pid_t shell = pid_t(pidFile.readAll().trimmed().toInt());
    QTRY_VERIFY_WITH_TIMEOUT(!shellAlive(shell), 5000);
    ProcessGroup::kill(shell); // leave nothing behind for the other tests
}

void tst_RunCli::historyJson()
{
    const QString file = writePipeline(QStringLiteral("h.yml"), "name: hist\nstages:\n  - id: a\n    steps: [{run: \"true\"}]\n");
    QCOMPARE(runCli({QStringLiteral("run"), file}), 0);
    QByteArray out;
    QCOMPARE(runCli({QStringLiteral("history"), QStringLiteral("--json")}, &out), 0);
    const QJsonArray runs = QJsonDocument::fromJson(out).array();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(runs.at(0).toObject().value(QStringLiteral("pipeline")).toString(), QStringLiteral("hist"));
    QCOMPARE(runCli({QStringLiteral("history")}, &out), 0);
    QVERIFY(out.contains("hist"));
}

// Run on a terminal (script(1) gives the CLI a pty as its controlling terminal and makes it
// the session leader): a step has no controlling terminal, so a prompt on /dev/tty fails
// instead of stopping the step, and it leads its own process group within the session;
// dropping the step's terminal leaves the CLI's own (no SIGHUP, it finishes normally).
void tst_RunCli::stepHasNoTerminalAndItsOwnGroup()
{
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    if (script.isEmpty())
        QFAIL("script(1) from util-linux is needed to give the CLI a terminal");
    const QString file = writePipeline(QStringLiteral("tty.yml"), R"yaml(name: tty
stages:
  - id: probe
    steps:
      - run: |
          if (exec 3</dev/tty) 2>/dev/null; then echo "step tty: yes"; else echo "step tty: no"; fi
          echo "ids: $PPID $(ps -o pgid= -p $$) $(ps -o sid= -p $$)"
)yaml");
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), m_dir->filePath(QStringLiteral("data")));
    p.setProcessEnvironment(env);
    p.start(script, {QStringLiteral("-qec"),
                     QStringLiteral("if (exec 3</dev/tty) 2>/dev/null; then echo 'cli tty: yes'; fi;"
                                    " exec '%1' run '%2'").arg(QStringLiteral(PW_ENGINE_CLI), file),
                     QStringLiteral("/dev/null")});
    QVERIFY(p.waitForFinished(60000));
    const QByteArray out = p.readAllStandardOutput();
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(out.contains("cli tty: yes"), out.constData()); // the check can see a terminal
    QVERIFY2(out.contains("step tty: no"), out.constData());
    QVERIFY2(out.contains("run 1 succeeded"), out.constData());
    const qsizetype at = out.indexOf("ids: ");
    QVERIFY(at >= 0);
    const QList<QByteArray> ids = out.mid(at + 5, out.indexOf('\n', at) - at - 5).simplified().split(' ');
    QCOMPARE(ids.size(), 3);
    // The step's own group, led by its supervisor (the shell's parent, pipewright-step-shim)…
    QCOMPARE(ids.at(1), ids.at(0));
    QVERIFY(ids.at(2) != ids.at(0)); // …in the CLI's session, not a session of its own
}

QTEST_GUILESS_MAIN(tst_RunCli)
#include "tst_runcli.moc"
