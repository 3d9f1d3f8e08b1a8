#pragma once

#include "runrecords.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QVariantList>

#include <array>
#include <memory>
#include <optional>

class QSqlQuery;

namespace pw::core {

// The run history on SQLite (Qt6::Sql, QSQLITE): projects, runs, stages, steps, attempts,
// artifacts, and the switches of blue/green environments. One per process, owned by whoever
// owns the RunEngine (app or test); used on the thread that opened it.
//
// WAL mode with synchronous=NORMAL: a commit is in the WAL (the OS's cache) when it returns,
// so it survives the process being killed; a power cut may lose the last commits but never
// corrupts the file. Several processes may share one database: readers never wait, writers
// wait on SQLite's busy timeout. Nothing else in the process may open and close the database
// files (a workspace copy once did): closing any descriptor of a file drops all of this
// process's POSIX locks on it, and then another process's checkpoint can discard commits.
//
// The state writes (updateRun, saveStage, saveStep, saveAttempt, addArtifact) are grouped:
// those of one event-loop turn are committed together in one transaction when control
// returns to the event loop, or earlier by flush(), by any read or id-returning write of this
// store, and by close(). A scheduling turn of the engine (a step ends, the next stage starts)
// is then one commit instead of six.
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

    // Writes committed before they return; false or 0 (with errorString()) on failure.
    qint64 ensureProject(const QString &name, const QString &path);
    qint64 createRun(const RunRecord &run); // returns the new id, 0 on failure

    // Grouped writes (see above): false only when the store is not open. A statement that
    // fails at the commit is reported by qWarning and errorString(); the others still commit.
    bool updateRun(const RunRecord &run);
    bool saveStage(const StageRecord &stage); // insert or replace by (runId, stageId)
    bool saveStep(const StepRecord &step);    // by (runId, stageId, stepIndex)
    bool saveAttempt(const AttemptRecord &attempt);
    bool addArtifact(const ArtifactRecord &artifact);
    // Commits the grouped writes now: before anything another process may wait on (the end
    // of a run, an approval gate). False if some could not be written.
    bool flush();
    int pendingWriteCount() const { return int(m_pending.size()); }
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
    // The statements of a group's transaction, prepared once per connection.
    enum class Statement {
        UpdateRun,
        SaveStage,
        SaveStep,
        SaveAttempt,
        AddArtifact,
        Begin,
        Commit,
        Count
    };
    struct PendingWrite
    {
        Statement kind;
        QVariantList values;
    };

    bool enableWal();
    bool migrate();
    int markInterruptedRuns();
    bool exec(const QString &sql);
    bool queue(Statement kind, QVariantList values);
    QSqlQuery &statement(Statement kind) const;
    // Reads and id-returning writes first commit what is queued, so they see it in order.
    bool commitPending() const;
    bool commitPendingOnce() const;
    void closeStatements() const;
    // A few blocks kept in the data directory (.disk-reserve) so that the final state of a
    // run can still be recorded when a step filled the disk: released on SQLITE_FULL, the
    // write retried, made again at the next open.
    void makeReserve() const;
    bool releaseReserve() const;
    QString reservePath() const;

    QString m_connection;
    QString m_dataDir;
    mutable QString m_error;
    int m_recovered = 0;
    mutable QList<PendingWrite> m_pending;
    mutable std::array<std::unique_ptr<QSqlQuery>, size_t(Statement::Count)> m_statements;
    bool m_commitPosted = false;
};

} // namespace pw::core
