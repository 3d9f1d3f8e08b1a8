#include "runstore.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QVariant>

#include <cerrno>
#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace pw::core {

namespace {

QAtomicInt connectionCounter;

// A process is identified by its pid and its start time (field 22 of /proc/PID/stat), so a
// pid reused by an unrelated process after a crash is not mistaken for the run's owner.
QString processStartTime(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return QString();
    const QByteArray text = stat.readAll();
    // The command name (field 2) may contain spaces and parentheses: skip past the last ')'.
    const int close = text.lastIndexOf(')');
    if (close < 0)
        return QString();
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    // fields[0] is field 3 (state), so field 22 is fields[19].
    return fields.size() > 19 ? QString::fromLatin1(fields.at(19)) : QString();
}

bool processAlive(qint64 pid, const QString &startTime)
{
    if (pid <= 0)
        return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
        return false;
    return startTime.isEmpty() || processStartTime(pid) == startTime;
}

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

const char16_t *const SchemaV1[] = {
    u"CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL,"
    u" UNIQUE(name, path))",
    u"CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, project_id INTEGER"
    u" REFERENCES projects(id), pipeline_name TEXT, pipeline_file TEXT, status TEXT NOT NULL,"
    u" trigger TEXT, commit_sha TEXT, branch TEXT, commit_message TEXT,"
    u" queued_at INTEGER NOT NULL DEFAULT 0, started_at INTEGER NOT NULL DEFAULT 0,"
    u" finished_at INTEGER NOT NULL DEFAULT 0, run_dir TEXT, workspace TEXT, message TEXT,"
    u" owner_pid INTEGER, owner_start TEXT)",
    u"CREATE INDEX runs_status ON runs(status)",
    u"CREATE TABLE stages (run_id INTEGER NOT NULL REFERENCES runs(id), stage_id TEXT NOT NULL,"
    u" name TEXT, position INTEGER, status TEXT NOT NULL, queued_at INTEGER NOT NULL DEFAULT 0,"
    u" started_at INTEGER NOT NULL DEFAULT 0, finished_at INTEGER NOT NULL DEFAULT 0,"
    u" approval TEXT NOT NULL DEFAULT '', approved_by TEXT, allowed_failure INTEGER DEFAULT 0,"
    u" message TEXT, PRIMARY KEY(run_id, stage_id))",
    u"CREATE TABLE steps (run_id INTEGER NOT NULL REFERENCES runs(id), stage_id TEXT NOT NULL,"
    u" step_index INTEGER NOT NULL, name TEXT, kind TEXT, status TEXT NOT NULL,"
    u" queued_at INTEGER NOT NULL DEFAULT 0, started_at INTEGER NOT NULL DEFAULT 0,"
    u" finished_at INTEGER NOT NULL DEFAULT 0, exit_code INTEGER, attempts INTEGER,"
    u" log_path TEXT, message TEXT, PRIMARY KEY(run_id, stage_id, step_index))",
    u"CREATE TABLE attempts (run_id INTEGER NOT NULL REFERENCES runs(id),"
    u" stage_id TEXT NOT NULL, step_index INTEGER NOT NULL, attempt INTEGER NOT NULL,"
    u" status TEXT NOT NULL, started_at INTEGER NOT NULL DEFAULT 0,"
    u" finished_at INTEGER NOT NULL DEFAULT 0, exit_code INTEGER, message TEXT,"
    u" PRIMARY KEY(run_id, stage_id, step_index, attempt))",
    u"CREATE TABLE artifacts (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL"
    u" REFERENCES runs(id), stage_id TEXT, path TEXT NOT NULL, size INTEGER)",
    u"CREATE INDEX artifacts_run ON artifacts(run_id)",
};

// Version 2: the switches of blue/green environments (who, when, which commit, outcome).
const char16_t *const SchemaV2[] = {
    u"CREATE TABLE environment_switches (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    u" environment TEXT NOT NULL, context TEXT, namespace TEXT, app TEXT, at INTEGER NOT NULL,"
    u" actor TEXT, action TEXT NOT NULL, from_colour TEXT, to_colour TEXT, commit_sha TEXT,"
    u" image TEXT, outcome TEXT NOT NULL, message TEXT, run_id INTEGER)",
    u"CREATE INDEX environment_switches_env ON environment_switches(environment, namespace)",
};

RunRecord runFrom(const QSqlQuery &q)
{
    RunRecord r;
    r.id = q.value(0).toLongLong();
    r.projectId = q.value(1).toLongLong();
    r.projectName = q.value(2).toString();
    r.pipelineName = q.value(3).toString();
    r.pipelineFile = q.value(4).toString();
    r.status = runStatusFromString(q.value(5).toString());
    r.trigger = q.value(6).toString();
    r.commit = q.value(7).toString();
    r.branch = q.value(8).toString();
    r.commitMessage = q.value(9).toString();
    r.queuedAt = q.value(10).toLongLong();
    r.startedAt = q.value(11).toLongLong();
    r.finishedAt = q.value(12).toLongLong();
    r.runDir = q.value(13).toString();
    r.workspace = q.value(14).toString();
    r.message = q.value(15).toString();
    return r;
}

const QString RunColumns = QStringLiteral(
    "SELECT r.id, r.project_id, p.name, r.pipeline_name, r.pipeline_file, r.status, r.trigger,"
    " r.commit_sha, r.branch, r.commit_message, r.queued_at, r.started_at, r.finished_at,"
    " r.run_dir, r.workspace, r.message FROM runs r LEFT JOIN projects p ON p.id = r.project_id");

StageRecord stageFrom(const QSqlQuery &q)
{
    StageRecord s;
    s.runId = q.value(0).toLongLong();
    s.stageId = q.value(1).toString();
    s.name = q.value(2).toString();
    s.position = q.value(3).toInt();
    s.status = stageStatusFromString(q.value(4).toString());
    s.queuedAt = q.value(5).toLongLong();
    s.startedAt = q.value(6).toLongLong();
    s.finishedAt = q.value(7).toLongLong();
    s.approval = q.value(8).toString();
    s.approvedBy = q.value(9).toString();
    s.allowedFailure = q.value(10).toBool();
    s.message = q.value(11).toString();
    return s;
}

const QString StageColumns = QStringLiteral(
    "SELECT run_id, stage_id, name, position, status, queued_at, started_at, finished_at,"
    " approval, approved_by, allowed_failure, message FROM stages");

} // namespace

RunStore::RunStore(QObject *parent)
    : QObject(parent)
    , m_connection(QStringLiteral("pw-runstore-%1").arg(connectionCounter.fetchAndAddRelaxed(1)))
{
}

RunStore::~RunStore() { close(); }

QString RunStore::defaultDataDirectory()
{
    const QString fromEnv = qEnvironmentVariable("PIPEWRIGHT_DATA_DIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    // One folder, as users expect: $XDG_DATA_HOME/pipewright (~/.local/share/pipewright).
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + u"/.local/share"_s;
    const QString dir = base + u"/pipewright"_s;
    // Earlier versions kept it two levels down (organisation and application name, both
    // "Pipewright"): move it once, so no run is lost.
    const QString old = base + u"/Pipewright/Pipewright"_s;
    if (!QFileInfo::exists(dir) && QFileInfo::exists(old + u"/pipewright.db"_s)
        && QDir().rename(old, dir)) {
        QDir().rmdir(base + u"/Pipewright"_s);
    }
    return dir;
}

QString RunStore::databasePath() const
{
    return m_dataDir.isEmpty() ? QString() : m_dataDir + u"/pipewright.db"_s;
}

bool RunStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false)
                                                       .isOpen();
}

void RunStore::close()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    commitPending();
    closeStatements();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool RunStore::open(const QString &dataDir)
{
    close();
    m_error.clear();
    m_dataDir = dataDir.isEmpty() ? defaultDataDirectory() : dataDir;
    if (!QDir().mkpath(m_dataDir)) {
        m_error = tr("cannot create the data directory %1").arg(m_dataDir);
        return false;
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(databasePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
        if (!db.open())
            m_error = tr("cannot open %1: %2").arg(databasePath(), db.lastError().text());
    }
    // WAL, not a rollback journal: a rollback journal creates and deletes its journal file in
    // every transaction, and on ext4 each new inode then scans past the recently deleted
    // ones (most of the engine's time per step went there). WAL once seemed to lose runs'
    // final states across four processes; the cause was the workspace copy reading the
    // database files inside this process, which dropped its POSIX locks (see the class
    // comment). NORMAL syncs only at checkpoints, which is enough for a killed process.
    if (!m_error.isEmpty() || !exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(BusyTimeoutMs))
        || !enableWal()
        || !exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !exec(QStringLiteral("PRAGMA foreign_keys=ON")) || !migrate()) {
        close();
        return false;
    }
    m_recovered = markInterruptedRuns();
    makeReserve();
    return true;
}

namespace {
constexpr qint64 ReserveBytes = 2 * 1024 * 1024;
}

QString RunStore::reservePath() const
{
    return m_dataDir + QStringLiteral("/.disk-reserve");
}

void RunStore::makeReserve() const
{
    QFile reserve(reservePath());
    if (reserve.size() >= ReserveBytes)
        return;
    if (!reserve.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return;
    // Written, not sparse: the blocks must really be taken now to be given back later.
    const QByteArray block(64 * 1024, '\0');
    for (qint64 done = 0; done < ReserveBytes; done += block.size()) {
        if (reserve.write(block) != block.size()) {
            reserve.close();
            reserve.remove(); // the disk is already full: no reserve rather than half of one
            return;
        }
    }
    reserve.flush();
    ::fsync(reserve.handle());
}

bool RunStore::releaseReserve() const
{
    return QFile::exists(reservePath()) && QFile::remove(reservePath());
}

bool RunStore::enableWal()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next()
        && q.value(0).toString() == u"wal")
        return true; // the usual case: set once, when the database was created
    // Switching a new database to WAL needs it to itself for a moment. SQLite does not apply
    // the busy timeout to that switch (the pragma already holds a read lock, and waiting
    // while holding it could deadlock), so several processes creating the database at once
    // take turns here instead.
    QDeadlineTimer deadline(BusyTimeoutMs);
    for (;;) {
        if (q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
            return true;
        if (deadline.hasExpired()) {
            m_error = tr("cannot switch %1 to WAL mode: %2")
                          .arg(databasePath(), q.lastError().text());
            return false;
        }
        q.finish();
        QThread::msleep(5);
    }
}

bool RunStore::exec(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(sql)) {
        m_error = tr("database error (%1, %2): %3")
                      .arg(databasePath(), sql.section(u' ', 0, 1), q.lastError().text());
        return false;
    }
    return true;
}

int RunStore::schemaVersion() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool RunStore::migrate()
{
    // BEGIN IMMEDIATE takes the write lock first, so two processes opening a new database at
    // once do not both try to create the tables.
    if (!exec(QStringLiteral("BEGIN IMMEDIATE")))
        return false;
    const int version = schemaVersion();
    if (version > SchemaVersion) {
        exec(QStringLiteral("ROLLBACK"));
        m_error = tr("%1 has schema version %2, newer than this Pipewright understands (%3)")
                      .arg(databasePath())
                      .arg(version)
                      .arg(SchemaVersion);
        return false;
    }
    // Each step takes the schema from version n to n + 1; later versions append here.
    if (version < 1) {
        for (const char16_t *sql : SchemaV1) {
            if (!exec(QString::fromUtf16(sql))) {
                exec(QStringLiteral("ROLLBACK"));
                return false;
            }
        }
    }
    if (version < 2) {
        for (const char16_t *sql : SchemaV2) {
            if (!exec(QString::fromUtf16(sql))) {
                exec(QStringLiteral("ROLLBACK"));
                return false;
            }
        }
    }
    if (version < SchemaVersion
        && !exec(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion))) {
        exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return exec(QStringLiteral("COMMIT"));
}

int RunStore::markInterruptedRuns()
{
    // Under the write lock from the SELECT to the last UPDATE: an owner cannot commit its run's
    // final state and exit in between, so a run seen unfinished whose owner is gone really was
    // interrupted.
    if (!exec(QStringLiteral("BEGIN IMMEDIATE")))
        return 0;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QList<qint64> dead;
    {
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT id, owner_pid, owner_start FROM runs WHERE status IN"
                              " ('queued', 'running', 'awaiting-approval')"));
        while (q.next()) {
            if (!processAlive(q.value(1).toLongLong(), q.value(2).toString()))
                dead << q.value(0).toLongLong();
        }
    }
    const qint64 now = nowMs();
    for (qint64 id : std::as_const(dead)) {
        QSqlQuery u(db);
        u.prepare(QStringLiteral("UPDATE runs SET status = 'interrupted', finished_at = ?,"
                                 " message = 'interrupted: the process running it ended'"
                                 " WHERE id = ?"));
        u.addBindValue(now);
        u.addBindValue(id);
        u.exec();
        for (const char *table : {"stages", "steps"}) {
            QSqlQuery s(db);
            s.prepare(QStringLiteral("UPDATE %1 SET status = 'cancelled', finished_at = ?,"
                                     " message = 'interrupted' WHERE run_id = ? AND status IN"
                                     " ('running', 'awaiting-approval')")
                          .arg(QLatin1StringView(table)));
            s.addBindValue(now);
            s.addBindValue(id);
            s.exec();
        }
    }
    if (!exec(QStringLiteral("COMMIT"))) {
        exec(QStringLiteral("ROLLBACK"));
        return 0;
    }
    return int(dead.size());
}

namespace {

// The statements of a group's transaction, in the order of RunStore::Statement.
const char16_t *const StatementSql[] = {
    u"UPDATE runs SET status = ?, started_at = ?, finished_at = ?, run_dir = ?,"
    u" workspace = ?, message = ?, commit_sha = ?, branch = ? WHERE id = ?",
    // A decision recorded by another process (pipewright approve) must not be overwritten by
    // this process's stale "pending".
    u"INSERT INTO stages(run_id, stage_id, name, position, status, queued_at, started_at,"
    u" finished_at, approval, approved_by, allowed_failure, message)"
    u" VALUES(?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(run_id, stage_id) DO UPDATE SET"
    u" name = excluded.name, position = excluded.position, status = excluded.status,"
    u" queued_at = excluded.queued_at, started_at = excluded.started_at,"
    u" finished_at = excluded.finished_at,"
    u" approval = CASE WHEN stages.approval IN ('approved', 'rejected')"
    u"   AND excluded.approval = 'pending' THEN stages.approval ELSE excluded.approval END,"
    u" approved_by = COALESCE(excluded.approved_by, stages.approved_by),"
    u" allowed_failure = excluded.allowed_failure, message = excluded.message",
    u"INSERT OR REPLACE INTO steps(run_id, stage_id, step_index, name, kind, status,"
    u" queued_at, started_at, finished_at, exit_code, attempts, log_path, message)"
    u" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
    u"INSERT OR REPLACE INTO attempts(run_id, stage_id, step_index, attempt, status,"
    u" started_at, finished_at, exit_code, message) VALUES(?,?,?,?,?,?,?,?,?)",
    u"INSERT INTO artifacts(run_id, stage_id, path, size) VALUES(?,?,?,?)",
    // IMMEDIATE takes the write lock up front (waiting on the busy timeout), so the COMMIT
    // cannot fail for a lock and leave half of the group behind.
    u"BEGIN IMMEDIATE",
    u"COMMIT",
};
} // namespace

bool RunStore::queue(Statement kind, QVariantList values)
{
    if (!isOpen()) {
        m_error = tr("the run store is not open");
        return false;
    }
    m_pending.append(PendingWrite{kind, std::move(values)});
    if (QThread::currentThread() != thread()) {
        // No event loop of ours to come back to on this thread: commit at once.
        return commitPending();
    }
    if (!m_commitPosted) {
        m_commitPosted = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_commitPosted = false;
                commitPending();
            },
            Qt::QueuedConnection);
    }
    return true;
}

bool RunStore::flush() { return commitPending(); }

QSqlQuery &RunStore::statement(Statement kind) const
{
    static_assert(std::size(StatementSql) == size_t(Statement::Count));
    std::unique_ptr<QSqlQuery> &q = m_statements[size_t(kind)];
    if (!q) {
        q = std::make_unique<QSqlQuery>(QSqlDatabase::database(m_connection, false));
        q->prepare(QString::fromUtf16(StatementSql[int(kind)]));
    }
    return *q;
}

bool RunStore::commitPending() const
{
    if (commitPendingOnce())
        return true;
    // SQLITE_FULL (13): a step filled the disk. The run's final state must still be
    // recorded, with its reason and its own time: give back the reserve and write again.
    if (!m_pending.isEmpty() && m_error.contains(QLatin1String("full"), Qt::CaseInsensitive)
        && releaseReserve()) {
        qWarning("pipewright: the disk holding %s is full; used the reserve to record the "
                 "run's state", qPrintable(m_dataDir));
        return commitPendingOnce();
    }
    return false;
}

bool RunStore::commitPendingOnce() const
{
    if (m_pending.isEmpty() || !QSqlDatabase::database(m_connection, false).isOpen())
        return m_pending.isEmpty();
    QSqlQuery &begin = statement(Statement::Begin);
    const bool begun = begin.exec();
    begin.finish();
    if (!begun) {
        m_error = tr("cannot record the run's state (%1): %2")
                      .arg(databasePath(), begin.lastError().text());
        qWarning("pipewright: %s", qPrintable(m_error));
        return false; // kept for the next attempt
    }
    const QList<PendingWrite> writes = std::exchange(m_pending, {});
    bool ok = true;
    for (const PendingWrite &w : writes) {
        QSqlQuery &q = statement(w.kind);
        for (int i = 0; i < w.values.size(); ++i)
            q.bindValue(i, w.values.at(i));
        const bool done = q.exec();
        q.finish();
        if (!done) {
            ok = false;
            m_error = q.lastError().text();
            qWarning("pipewright: cannot record a run's state: %s", qPrintable(m_error));
            if (q.lastError().nativeErrorCode() == QLatin1String("13")) {
                // SQLITE_FULL: nothing of the group is kept; all of it is tried again.
                QSqlQuery(QSqlDatabase::database(m_connection, false))
                    .exec(QStringLiteral("ROLLBACK"));
                m_pending = writes + m_pending;
                return false;
            }
        }
    }
    QSqlQuery &commit = statement(Statement::Commit);
    const bool committed = commit.exec();
    commit.finish();
    if (!committed) {
        m_error = commit.lastError().text();
        qWarning("pipewright: cannot commit the run's state: %s", qPrintable(m_error));
        QSqlQuery(QSqlDatabase::database(m_connection, false)).exec(QStringLiteral("ROLLBACK"));
        m_pending = writes + m_pending; // kept for the next attempt
        return false;
    }
    return ok;
}

void RunStore::closeStatements() const
{
    for (std::unique_ptr<QSqlQuery> &q : m_statements)
        q.reset();
}

qint64 RunStore::ensureProject(const QString &name, const QString &path)
{
    commitPending();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO projects(name, path) VALUES(?, ?)"
                             " ON CONFLICT(name, path) DO NOTHING"));
    q.addBindValue(name);
    q.addBindValue(path);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return 0;
    }
    q.prepare(QStringLiteral("SELECT id FROM projects WHERE name = ? AND path = ?"));
    q.addBindValue(name);
    q.addBindValue(path);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

qint64 RunStore::createRun(const RunRecord &run)
{
    commitPending();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "INSERT INTO runs(project_id, pipeline_name, pipeline_file, status, trigger, commit_sha,"
        " branch, commit_message, queued_at, started_at, finished_at, run_dir, workspace,"
        " message, owner_pid, owner_start) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    q.addBindValue(run.projectId > 0 ? QVariant(run.projectId) : QVariant());
    q.addBindValue(run.pipelineName);
    q.addBindValue(run.pipelineFile);
    q.addBindValue(toString(run.status));
    q.addBindValue(run.trigger);
    q.addBindValue(run.commit);
    q.addBindValue(run.branch);
    q.addBindValue(run.commitMessage);
    q.addBindValue(run.queuedAt);
    q.addBindValue(run.startedAt);
    q.addBindValue(run.finishedAt);
    q.addBindValue(run.runDir);
    q.addBindValue(run.workspace);
    q.addBindValue(run.message);
    q.addBindValue(qint64(::getpid()));
    q.addBindValue(processStartTime(::getpid()));
    if (!q.exec()) {
        m_error = tr("cannot record the run: %1").arg(q.lastError().text());
        return 0;
    }
    return q.lastInsertId().toLongLong();
}

bool RunStore::updateRun(const RunRecord &run)
{
    return queue(Statement::UpdateRun,
                 {toString(run.status), run.startedAt, run.finishedAt, run.runDir, run.workspace,
                  run.message, run.commit, run.branch, run.id});
}

bool RunStore::saveStage(const StageRecord &s)
{
    return queue(Statement::SaveStage,
                 {s.runId, s.stageId, s.name, s.position, toString(s.status), s.queuedAt,
                  s.startedAt, s.finishedAt,
                  s.approval.isNull() ? QStringLiteral("") : s.approval, // NOT NULL column
                  s.approvedBy.isEmpty() ? QVariant() : QVariant(s.approvedBy),
                  s.allowedFailure ? 1 : 0, s.message});
}

bool RunStore::saveStep(const StepRecord &s)
{
    return queue(Statement::SaveStep,
                 {s.runId, s.stageId, s.stepIndex, s.name, s.kind, toString(s.status), s.queuedAt,
                  s.startedAt, s.finishedAt, s.exitCode, s.attempts, s.logPath, s.message});
}

bool RunStore::saveAttempt(const AttemptRecord &a)
{
    return queue(Statement::SaveAttempt,
                 {a.runId, a.stageId, a.stepIndex, a.attempt, toString(a.status), a.startedAt,
                  a.finishedAt, a.exitCode, a.message});
}

bool RunStore::addArtifact(const ArtifactRecord &a)
{
    return queue(Statement::AddArtifact, {a.runId, a.stageId, a.path, a.size});
}

qint64 RunStore::recordSwitch(const SwitchRecord &r)
{
    commitPending();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "INSERT INTO environment_switches(environment, context, namespace, app, at, actor,"
        " action, from_colour, to_colour, commit_sha, image, outcome, message, run_id)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    q.addBindValue(r.environment);
    q.addBindValue(r.context);
    q.addBindValue(r.kubeNamespace);
    q.addBindValue(r.app);
    q.addBindValue(r.at ? r.at : nowMs());
    q.addBindValue(r.actor);
    q.addBindValue(r.action);
    q.addBindValue(r.fromColour);
    q.addBindValue(r.toColour);
    q.addBindValue(r.commit);
    q.addBindValue(r.image);
    q.addBindValue(r.outcome);
    q.addBindValue(r.message);
    q.addBindValue(r.runId ? QVariant(r.runId) : QVariant(QMetaType::fromType<qint64>()));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return 0;
    }
    return q.lastInsertId().toLongLong();
}

QList<SwitchRecord> RunStore::switches(const QString &environment, const QString &kubeNamespace,
                                       int limit) const
{
    commitPending();
    QList<SwitchRecord> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "SELECT id, environment, context, namespace, app, at, actor, action, from_colour,"
        " to_colour, commit_sha, image, outcome, message, run_id FROM environment_switches"
        " WHERE environment = ? AND (IFNULL(?, '') = '' OR namespace = ?) ORDER BY id DESC LIMIT ?"));
    // A null QString binds as NULL, and NULL = '' is not true: "any namespace" needs ''.
    const QString ns = kubeNamespace.isNull() ? QStringLiteral("") : kubeNamespace;
    q.addBindValue(environment);
    q.addBindValue(ns);
    q.addBindValue(ns);
    q.addBindValue(limit);
    if (q.exec()) {
        while (q.next()) {
            SwitchRecord r;
            r.id = q.value(0).toLongLong();
            r.environment = q.value(1).toString();
            r.context = q.value(2).toString();
            r.kubeNamespace = q.value(3).toString();
            r.app = q.value(4).toString();
            r.at = q.value(5).toLongLong();
            r.actor = q.value(6).toString();
            r.action = q.value(7).toString();
            r.fromColour = q.value(8).toString();
            r.toColour = q.value(9).toString();
            r.commit = q.value(10).toString();
            r.image = q.value(11).toString();
            r.outcome = q.value(12).toString();
            r.message = q.value(13).toString();
            r.runId = q.value(14).toLongLong();
            result << r;
        }
    }
    return result;
}

bool RunStore::decideApproval(qint64 runId, const QString &stageId, bool approve,
                              const QString &by)
{
    commitPending();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE stages SET approval = ?, approved_by = ? WHERE run_id = ?"
                             " AND stage_id = ? AND approval = 'pending'"));
    q.addBindValue(approve ? QStringLiteral("approved") : QStringLiteral("rejected"));
    q.addBindValue(by);
    q.addBindValue(runId);
    q.addBindValue(stageId);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() != 1) {
        m_error = tr("run %1 has no stage '%2' awaiting approval").arg(runId).arg(stageId);
        return false;
    }
    return true;
}

QList<RunRecord> RunStore::runs(int limit, int offset) const
{
    commitPending();
    QList<RunRecord> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(RunColumns + u" ORDER BY r.id DESC LIMIT ? OFFSET ?"_s);
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (q.exec()) {
        while (q.next())
            result << runFrom(q);
    }
    return result;
}

std::optional<RunRecord> RunStore::run(qint64 runId) const
{
    commitPending();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(RunColumns + u" WHERE r.id = ?"_s);
    q.addBindValue(runId);
    if (q.exec() && q.next())
        return runFrom(q);
    return std::nullopt;
}

QList<StageRecord> RunStore::stages(qint64 runId) const
{
    commitPending();
    QList<StageRecord> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(StageColumns + u" WHERE run_id = ? ORDER BY position"_s);
    q.addBindValue(runId);
    if (q.exec()) {
        while (q.next())
            result << stageFrom(q);
    }
    return result;
}

std::optional<StageRecord> RunStore::stage(qint64 runId, const QString &stageId) const
{
    commitPending();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(StageColumns + u" WHERE run_id = ? AND stage_id = ?"_s);
    q.addBindValue(runId);
    q.addBindValue(stageId);
    if (q.exec() && q.next())
        return stageFrom(q);
    return std::nullopt;
}

QList<StepRecord> RunStore::steps(qint64 runId) const
{
    commitPending();
    QList<StepRecord> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "SELECT s.run_id, s.stage_id, s.step_index, s.name, s.kind, s.status, s.queued_at,"
        " s.started_at, s.finished_at, s.exit_code, s.attempts, s.log_path, s.message"
        " FROM steps s LEFT JOIN stages g ON g.run_id = s.run_id AND g.stage_id = s.stage_id"
        " WHERE s.run_id = ? ORDER BY g.position, s.step_index"));
    q.addBindValue(runId);
    if (q.exec()) {
        while (q.next()) {
            StepRecord s;
            s.runId = q.value(0).toLongLong();
            s.stageId = q.value(1).toString();
            s.stepIndex = q.value(2).toInt();
            s.name = q.value(3).toString();
            s.kind = q.value(4).toString();
            s.status = stepStatusFromString(q.value(5).toString());
            s.queuedAt = q.value(6).toLongLong();
            s.startedAt = q.value(7).toLongLong();
            s.finishedAt = q.value(8).toLongLong();
            s.exitCode = q.value(9).toInt();
            s.attempts = q.value(10).toInt();
            s.logPath = q.value(11).toString();
            s.message = q.value(12).toString();
            result << s;
        }
    }
    return result;
}

QList<AttemptRecord> RunStore::attempts(qint64 runId) const
{
    commitPending();
    QList<AttemptRecord> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "SELECT run_id, stage_id, step_index, attempt, status, started_at, finished_at,"
        " exit_code, message FROM attempts WHERE run_id = ?"
        " ORDER BY started_at, stage_id, step_index, attempt"));
    q.addBindValue(runId);
    if (q.exec()) {
        while (q.next()) {
            AttemptRecord a;
            a.runId = q.value(0).toLongLong();
            a.stageId = q.value(1).toString();
            a.stepIndex = q.value(2).toInt();
            a.attempt = q.value(3).toInt();
            a.status = stepStatusFromString(q.value(4).toString());
            a.startedAt = q.value(5).toLongLong();
            a.finishedAt = q.value(6).toLongLong();
            a.exitCode = q.value(7).toInt();
            a.message = q.value(8).toString();
            result << a;
        }
    }
    return result;
}

QList<ArtifactRecord> RunStore::artifacts(qint64 runId) const
{
    commitPending();
    QList<ArtifactRecord> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "SELECT run_id, stage_id, path, size FROM artifacts WHERE run_id = ? ORDER BY id"));
    q.addBindValue(runId);
    if (q.exec()) {
        while (q.next()) {
            result << ArtifactRecord{q.value(0).toLongLong(), q.value(1).toString(),
                                     q.value(2).toString(), q.value(3).toLongLong()};
        }
    }
    return result;
}

QString RunStore::approvalState(qint64 runId, const QString &stageId) const
{
    commitPending();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT approval FROM stages WHERE run_id = ? AND stage_id = ?"));
    q.addBindValue(runId);
    q.addBindValue(stageId);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return QString();
}

} // namespace pw::core
