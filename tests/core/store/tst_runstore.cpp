#include "core/store/runstore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

class tst_RunStore : public QObject
{
    Q_OBJECT

private slots:
    void createsVersionedSchemaInWalMode();
    void refusesNewerSchema();
    void recordsAndReadsBack();
    void marksRunsOfDeadProcessesInterrupted();
    void keepsRunsOfLiveProcesses();
    void approvalDecidedOnce();
    void twoConnectionsWriteConcurrently();
    void dataDirectoryFromEnvironment();
    void migratesVersionOneAndKeepsSwitchHistory();
    void writesOfOneTurnCommitTogether();
    void flushCommitsForOtherConnections();
    void failedWriteDoesNotLoseTheRestOfItsGroup();
    void closeCommitsWhatIsQueued();
};

void tst_RunStore::createsVersionedSchemaInWalMode()
{
    QTemporaryDir dir;
    RunStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    QCOMPARE(store.schemaVersion(), RunStore::SchemaVersion);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(store.databasePath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QStringList tables;
        QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")));
        while (q.next())
            tables << q.value(0).toString();
        for (const char *t : {"artifacts", "attempts", "projects", "runs", "stages", "steps"})
            QVERIFY2(tables.contains(QLatin1String(t)), t);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    // Opening again migrates nothing and keeps the data.
    store.close();
    QVERIFY(store.open(dir.path()));
    QCOMPARE(store.schemaVersion(), RunStore::SchemaVersion);
}

void tst_RunStore::refusesNewerSchema()
{
    QTemporaryDir dir;
    {
        RunStore store;
        QVERIFY(store.open(dir.path()));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
        db.setDatabaseName(store.databasePath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=99")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bump"));
    RunStore store;
    QVERIFY(!store.open(dir.path()));
    QVERIFY2(store.errorString().contains(QStringLiteral("newer")), qPrintable(store.errorString()));
}

void tst_RunStore::recordsAndReadsBack()
{
    QTemporaryDir dir;
    RunStore store;
    QVERIFY(store.open(dir.path()));
    RunRecord run;
    run.projectId = store.ensureProject(QStringLiteral("demo"), QStringLiteral("/src/demo"));
    QVERIFY(run.projectId > 0);
    QCOMPARE(store.ensureProject(QStringLiteral("demo"), QStringLiteral("/src/demo")), run.projectId);
    run.pipelineName = QStringLiteral("demo");
    run.trigger = QStringLiteral("push");
    run.commit = QStringLiteral("abc123");
    run.branch = QStringLiteral("main");
    run.queuedAt = 1000;
    run.id = store.createRun(run);
    QVERIFY(run.id > 0);
    run.status = RunStatus::Succeeded;
    run.startedAt = 1100;
    run.finishedAt = 2100;
    QVERIFY(store.updateRun(run));

    StageRecord stage;
    stage.runId = run.id;
    stage.stageId = QStringLiteral("build");
    stage.status = StageStatus::Succeeded;
    stage.startedAt = 1100;
    stage.finishedAt = 2000;
    QVERIFY(store.saveStage(stage));
    stage.status = StageStatus::Failed; // saving again replaces
    stage.allowedFailure = true;
    QVERIFY(store.saveStage(stage));
    StepRecord step{run.id, QStringLiteral("build"), 0, QStringLiteral("make"), QStringLiteral("run"),
                    StepStatus::Failed, 1100, 1100, 1900, 2, 2, QStringLiteral("/x.log"), QString()};
    QVERIFY(store.saveStep(step));
    QVERIFY(store.saveAttempt({run.id, QStringLiteral("build"), 0, 1, StepStatus::Failed, 1100, 1500, 2, {}}));
    QVERIFY(store.saveAttempt({run.id, QStringLiteral("build"), 0, 2, StepStatus::Failed, 1600, 1900, 2, {}}));
    QVERIFY(store.addArtifact({run.id, QStringLiteral("build"), QStringLiteral("build/a.whl"), 42}));

    const auto back = store.run(run.id);
    QVERIFY(back);
    QCOMPARE(back->projectName, QStringLiteral("demo"));
    QCOMPARE(toString(back->status), toString(RunStatus::Succeeded));
    QCOMPARE(back->commit, QStringLiteral("abc123"));
    QCOMPARE(back->finishedAt - back->startedAt, 1000);
    QCOMPARE(store.stages(run.id).size(), 1);
    QVERIFY(store.stage(run.id, QStringLiteral("build"))->allowedFailure);
    QCOMPARE(store.steps(run.id).first().exitCode, 2);
    QCOMPARE(store.attempts(run.id).size(), 2);
    QCOMPARE(store.artifacts(run.id).first().size, 42);
    QCOMPARE(store.runs().size(), 1);
}

void tst_RunStore::marksRunsOfDeadProcessesInterrupted()
{
    QTemporaryDir dir;
    qint64 runId = 0;
    {
        RunStore store;
        QVERIFY(store.open(dir.path()));
        RunRecord run;
        run.status = RunStatus::Running;
        runId = store.createRun(run);
        StageRecord stage{runId, QStringLiteral("s"), {}, 0, StageStatus::Running, 1, 1, 0, {}, {}, false, {}};
        QVERIFY(store.saveStage(stage));
    }
    // Pretend the run belonged to a process that has exited since (pid 999999 with a start
    // time no process has).
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("owner"));
        db.setDatabaseName(dir.filePath(QStringLiteral("pipewright.db")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET owner_pid = 999999, owner_start = 'x'")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("owner"));
    RunStore store;
    QVERIFY(store.open(dir.path()));
    QCOMPARE(store.recoveredRunCount(), 1);
    QCOMPARE(toString(store.run(runId)->status), toString(RunStatus::Interrupted));
    QVERIFY(store.run(runId)->finishedAt > 0);
    QCOMPARE(toString(store.stage(runId, QStringLiteral("s"))->status), toString(StageStatus::Cancelled));
}

void tst_RunStore::keepsRunsOfLiveProcesses()
{
    // A second instance opening the database must not mark this process's runs.
    QTemporaryDir dir;
    RunStore first;
    QVERIFY(first.open(dir.path()));
    RunRecord run;
    run.status = RunStatus::Running;
    const qint64 id = first.createRun(run);
    RunStore second;
    QVERIFY(second.open(dir.path()));
    QCOMPARE(second.recoveredRunCount(), 0);
    QCOMPARE(toString(second.run(id)->status), toString(RunStatus::Running));
}

void tst_RunStore::approvalDecidedOnce()
{
    QTemporaryDir dir;
    RunStore store;
    QVERIFY(store.open(dir.path()));
    const qint64 id = store.createRun(RunRecord{});
    StageRecord stage;
    stage.runId = id;
    stage.stageId = QStringLiteral("deploy");
    stage.status = StageStatus::AwaitingApproval;
    stage.approval = QStringLiteral("pending");
    QVERIFY(store.saveStage(stage));
    QVERIFY(!store.decideApproval(id, QStringLiteral("other"), true));
    QVERIFY(store.decideApproval(id, QStringLiteral("deploy"), false, QStringLiteral("carol")));
    QVERIFY(!store.decideApproval(id, QStringLiteral("deploy"), true));
    QCOMPARE(store.approvalState(id, QStringLiteral("deploy")), QStringLiteral("rejected"));
    // A stale "pending" written afterwards does not undo the decision.
    QVERIFY(store.saveStage(stage));
    QCOMPARE(store.approvalState(id, QStringLiteral("deploy")), QStringLiteral("rejected"));
}

void tst_RunStore::twoConnectionsWriteConcurrently()
{
    QTemporaryDir dir;
    RunStore a;
    RunStore b;
    QVERIFY(a.open(dir.path()));
    QVERIFY(b.open(dir.path()));
    for (int i = 0; i < 50; ++i) {
        QVERIFY(a.createRun(RunRecord{}) > 0);
        QVERIFY(b.createRun(RunRecord{}) > 0);
    }
    QCOMPARE(a.runs(1000).size(), 100);
    QCOMPARE(b.runs(1000).size(), 100);
}

void tst_RunStore::dataDirectoryFromEnvironment()
{
    qputenv("PIPEWRIGHT_DATA_DIR", "/tmp/pw-data-test-dir");
    QCOMPARE(RunStore::defaultDataDirectory(), QStringLiteral("/tmp/pw-data-test-dir"));
    qunsetenv("PIPEWRIGHT_DATA_DIR");
    QVERIFY(!RunStore::defaultDataDirectory().isEmpty());

    // One folder under XDG_DATA_HOME, whatever the organisation and application names are;
    // the two-level folder of earlier versions is moved there with its runs.
    QTemporaryDir xdg;
    const QByteArray saved = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", xdg.path().toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("Pipewright"));
    QCoreApplication::setApplicationName(QStringLiteral("Pipewright"));
    const QString old = xdg.path() + QStringLiteral("/Pipewright/Pipewright");
    qint64 id = 0;
    {
        RunStore legacy;
        QVERIFY(legacy.open(old));
        RunRecord r;
        r.pipelineName = QStringLiteral("kept");
        id = legacy.createRun(r);
        QVERIFY(id > 0);
    }
    const QString dir = RunStore::defaultDataDirectory();
    QCOMPARE(dir, xdg.path() + QStringLiteral("/pipewright"));
    QVERIFY(!QFileInfo::exists(old));
    RunStore moved;
    QVERIFY(moved.open(QString()));
    QCOMPARE(moved.dataDirectory(), dir);
    QCOMPARE(moved.runs().size(), 1);
    QCOMPARE(moved.runs().first().pipelineName, QStringLiteral("kept"));
    qputenv("XDG_DATA_HOME", saved);
}


// A database written by schema version 1 (no switch history) gains the table on open, keeps
// its runs, and the history reads back newest first, per environment and namespace.
void tst_RunStore::migratesVersionOneAndKeepsSwitchHistory()
{
    QTemporaryDir dir;
    qint64 runId = 0;
    {
        RunStore store;
        QVERIFY(store.open(dir.path()));
        RunRecord run;
        run.pipelineName = QStringLiteral("p");
        runId = store.createRun(run);
        QVERIFY(runId > 0);
        store.close();
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(dir.filePath(QStringLiteral("pipewright.db")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("DROP TABLE environment_switches")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=1")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    RunStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    QCOMPARE(store.schemaVersion(), 2);
    QVERIFY(store.run(runId).has_value());
    SwitchRecord a;
    a.environment = QStringLiteral("production");
    a.kubeNamespace = QStringLiteral("shop");
    a.action = QStringLiteral("promote");
    a.fromColour = QStringLiteral("blue");
    a.toColour = QStringLiteral("green");
    a.commit = QStringLiteral("abc123");
    a.outcome = QStringLiteral("ok");
    a.actor = QStringLiteral("ann");
    a.runId = runId;
    QVERIFY(store.recordSwitch(a) > 0);
    SwitchRecord b = a;
    b.action = QStringLiteral("rollback");
    b.fromColour = QStringLiteral("green");
    b.toColour = QStringLiteral("blue");
    b.runId = 0;
    QVERIFY(store.recordSwitch(b) > 0);
    SwitchRecord other = a;
    other.kubeNamespace = QStringLiteral("staging");
    QVERIFY(store.recordSwitch(other) > 0);
    const QList<SwitchRecord> history = store.switches(QStringLiteral("production"),
                                                       QStringLiteral("shop"));
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).action, QStringLiteral("rollback"));
    QCOMPARE(history.at(0).runId, 0);
    QVERIFY(history.at(0).at > 0);
    QCOMPARE(history.at(1).toColour, QStringLiteral("green"));
    QCOMPARE(history.at(1).actor, QStringLiteral("ann"));
    QCOMPARE(history.at(1).runId, runId);
    QCOMPARE(store.switches(QStringLiteral("production")).size(), 3);
}

namespace {

StageRecord stageOf(qint64 runId, const char *id, StageStatus status)
{
    StageRecord s;
    s.runId = runId;
    s.stageId = QString::fromLatin1(id);
    s.status = status;
    return s;
}

} // namespace

// The state writes of one event-loop turn are one transaction, committed when control returns
// to the event loop: another connection sees none of them before, all of them after.
void tst_RunStore::writesOfOneTurnCommitTogether()
{
    QTemporaryDir dir;
    RunStore writer;
    RunStore reader;
    QVERIFY(writer.open(dir.path()));
    QVERIFY(reader.open(dir.path()));
    const qint64 id = writer.createRun(RunRecord{});
    QVERIFY(id > 0);
    QVERIFY(writer.saveStage(stageOf(id, "a", StageStatus::Succeeded)));
    QVERIFY(writer.saveStage(stageOf(id, "b", StageStatus::Running)));
    StepRecord step;
    step.runId = id;
    step.stageId = QStringLiteral("b");
    step.status = StepStatus::Running;
    QVERIFY(writer.saveStep(step));
    QCOMPARE(writer.pendingWriteCount(), 3);
    QCOMPARE(reader.stages(id).size(), 0);
    QTRY_COMPARE(writer.pendingWriteCount(), 0);
    QCOMPARE(reader.stages(id).size(), 2);
    QCOMPARE(reader.steps(id).size(), 1);
    // The writer's own reads see its queued writes at once.
    QVERIFY(writer.saveStage(stageOf(id, "b", StageStatus::Failed)));
    QCOMPARE(toString(writer.stage(id, QStringLiteral("b"))->status),
             toString(StageStatus::Failed));
}

void tst_RunStore::flushCommitsForOtherConnections()
{
    QTemporaryDir dir;
    RunStore writer;
    RunStore reader;
    QVERIFY(writer.open(dir.path()));
    QVERIFY(reader.open(dir.path()));
    RunRecord run;
    run.status = RunStatus::Running;
    run.id = writer.createRun(run);
    run.status = RunStatus::Succeeded;
    run.finishedAt = 42;
    QVERIFY(writer.updateRun(run));
    QCOMPARE(toString(reader.run(run.id)->status), toString(RunStatus::Running));
    QVERIFY(writer.flush());
    QCOMPARE(writer.pendingWriteCount(), 0);
    QCOMPARE(toString(reader.run(run.id)->status), toString(RunStatus::Succeeded));
    QCOMPARE(reader.run(run.id)->finishedAt, 42);
}

void tst_RunStore::failedWriteDoesNotLoseTheRestOfItsGroup()
{
    QTemporaryDir dir;
    RunStore store;
    QVERIFY(store.open(dir.path()));
    const qint64 id = store.createRun(RunRecord{});
    QVERIFY(store.saveStage(stageOf(id, "before", StageStatus::Succeeded)));
    QVERIFY(store.saveStage(stageOf(id + 1000, "orphan", StageStatus::Running))); // no such run
    QVERIFY(store.saveStage(stageOf(id, "after", StageStatus::Running)));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("FOREIGN KEY")));
    QVERIFY(!store.flush());
    QVERIFY2(store.errorString().contains(QStringLiteral("FOREIGN KEY")),
             qPrintable(store.errorString()));
    QCOMPARE(store.stages(id).size(), 2);
    QCOMPARE(store.stages(id + 1000).size(), 0);
}

void tst_RunStore::closeCommitsWhatIsQueued()
{
    QTemporaryDir dir;
    qint64 id = 0;
    {
        RunStore store;
        QVERIFY(store.open(dir.path()));
        id = store.createRun(RunRecord{});
        QVERIFY(store.saveStage(stageOf(id, "last", StageStatus::Succeeded)));
        QCOMPARE(store.pendingWriteCount(), 1);
    } // no event loop ran: the destructor commits
    RunStore store;
    QVERIFY(store.open(dir.path()));
    QCOMPARE(store.stages(id).size(), 1);
    store.close();
    QVERIFY(!store.saveStage(stageOf(id, "closed", StageStatus::Running)));
}

QTEST_GUILESS_MAIN(tst_RunStore)
#include "tst_runstore.moc"
