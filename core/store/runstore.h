#pragma once

#include "runrecords.h"

#include <QList>
#include <QObject>
#include <QString>
#include <optional>

namespace pw::core {

// The run history on SQLite (Qt6::Sql, QSQLITE): projects, runs, stages, steps, attempts,
// artifacts, and the switches of blue/green environments. One per process, owned by whoever owns the RunEngine (app or test); used on the
// thread that opened it. A rollback journal with synchronous=OFF: every committed write
// survives the process being killed (not a power cut). Several processes may share one database: writers wait on SQLite's
// busy timeout instead of failing.
class RunStore : public QObject
{
    Q_OBJECT

public:
    static constexpr int SchemaVersion = 2;
    static constexpr int BusyTimeoutMs = 10000;

    explicit RunStore(QObject *parent = nullptr);
    ~RunStore() override;

    // $PIPEWRIGHT_DATA_DIR, else QStandardPaths::AppDataLocation.
    static QString defaultDataDirectory();

    // Opens (creating and migrating) dataDir/pipewright.db; empty = defaultDataDirectory().
    // Then marks runs whose owning process is gone as interrupted.
    bool open(const QString &dataDir = QString());
    bool isOpen() const;
    void close();
    QString errorString() const { return m_error; }
    QString dataDirectory() const { return m_dataDir; }
    QString databasePath() const;
    int schemaVersion() const;
    // How many runs the last open() marked interrupted.
    int recoveredRunCount() const { return m_recovered; }

    // Writes. Each is one transaction; false (with errorString()) on failure.
    qint64 ensureProject(const QString &name, const QString &path);
    qint64 createRun(const RunRecord &run); // returns the new id, 0 on failure
    bool updateRun(const RunRecord &run);
    bool saveStage(const StageRecord &stage); // insert or replace by (runId, stageId)
    bool saveStep(const StepRecord &step);    // by (runId, stageId, stepIndex)
    bool saveAttempt(const AttemptRecord &attempt);
    bool addArtifact(const ArtifactRecord &artifact);
    // Sets a pending approval gate to approved or rejected. False when the stage is not
    // awaiting approval (already decided, unknown run or stage).
    bool decideApproval(qint64 runId, const QString &stageId, bool approve,
                        const QString &by = QString());

    // Appends one blue/green action (promote, rollback, auto-rollback, abort, scale-down,
    // deploy) to the environment's history; returns its id, 0 on failure.
    qint64 recordSwitch(const SwitchRecord &record);

    // Queries, newest run first.
    QList<RunRecord> runs(int limit = 100, int offset = 0) const;
    std::optional<RunRecord> run(qint64 runId) const;
    QList<StageRecord> stages(qint64 runId) const;
    std::optional<StageRecord> stage(qint64 runId, const QString &stageId) const;
    QList<StepRecord> steps(qint64 runId) const;
    QList<AttemptRecord> attempts(qint64 runId) const;
    QList<ArtifactRecord> artifacts(qint64 runId) const;
    // Only the approval column of one stage: cheap enough to re-read while a run waits for a
    // decision made by another process.
    QString approvalState(qint64 runId, const QString &stageId) const;
    // An environment's history, newest first; an empty namespace matches any.
    QList<SwitchRecord> switches(const QString &environment, const QString &kubeNamespace = {},
                                 int limit = 50) const;

private:
    bool migrate();
    int markInterruptedRuns();
    bool exec(const QString &sql);

    QString m_connection;
    QString m_dataDir;
    QString m_error;
    int m_recovered = 0;
};

} // namespace pw::core
