// A step's whole process tree ends when the step ends, and when the `pipewright run` that
// runs it is killed with SIGKILL — background children, and children that left the step's
// process group (setsid), included. Real processes through `pipewright run`'s code path.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

const char kPipeline[] = R"(version: 1
name: lifetime
stages:
  - id: spawn
    steps:
      - run: |
          sleep 300 &
          echo $! > background.pid
          setsid sleep 300 &
          echo $! > session.pid
          sh -c 'sleep 300 & echo $! > grandchild.pid; sleep 300' &
          sleep 0.3
          touch ready
          ${WAIT}
)";

bool alive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const int close = text.lastIndexOf(')');
    // A zombie holds nothing and runs nothing: gone for this purpose.
    return close >= 0 && text.mid(close + 2, 1) != "Z";
}

qint64 readPid(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : 0;
}

// Waits (bounded, not a timing assertion) for every pid to end; returns those still alive.
QList<qint64> stillAlive(const QList<qint64> &pids, int withinMs)
{
    QElapsedTimer t;
    t.start();
    QList<qint64> left;
    do {
        left.clear();
        for (qint64 pid : pids) {
            if (alive(pid))
                left << pid;
        }
        if (left.isEmpty())
            break;
        QTest::qWait(50);
    } while (t.elapsed() < withinMs);
    return left;
}

void killAll(const QList<qint64> &pids)
{
    for (qint64 pid : pids)
        ::kill(pid_t(pid), SIGKILL);
}

} // namespace

class tst_ProcessLifetime : public QObject
{
    Q_OBJECT

private:
    QString writeProject(QTemporaryDir &dir)
    {
        QFile f(dir.filePath(QStringLiteral("pipeline.yml")));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(kPipeline);
        return f.fileName();
    }
    QList<qint64> pidsIn(const QString &dir)
    {
        return {readPid(dir + QStringLiteral("/background.pid")),
                readPid(dir + QStringLiteral("/session.pid")),
                readPid(dir + QStringLiteral("/grandchild.pid"))};
    }

private Q_SLOTS:
    void treeEndsWithTheStep()
    {
        QTemporaryDir project, data;
        const QString file = writeProject(project);
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), data.path());
        cli.setProcessEnvironment(env);
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(PW_ENGINE_CLI),
                  {QStringLiteral("run"), file, QStringLiteral("--workspace"), project.path(),
                   QStringLiteral("--set"), QStringLiteral("WAIT=true")});
        QVERIFY(cli.waitForFinished(120000));
        const QString out = QString::fromUtf8(cli.readAll());
        QVERIFY2(cli.exitCode() == 0, qPrintable(out));
        const QList<qint64> pids = pidsIn(project.path());
        for (qint64 pid : pids)
            QVERIFY2(pid > 0, qPrintable(out));
        // The run is over: nothing it started may be running (the supervisor waited for them).
        QList<qint64> left;
        for (qint64 pid : pids) {
            if (alive(pid))
                left << pid;
        }
        killAll(left);
        QVERIFY2(left.isEmpty(), "a process of a finished step is still running");
    }

    void treeEndsWhenPipewrightIsKilled()
    {
        QTemporaryDir project, data;
        const QString file = writeProject(project);
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), data.path());
        cli.setProcessEnvironment(env);
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(PW_ENGINE_CLI),
                  {QStringLiteral("run"), file, QStringLiteral("--workspace"), project.path(),
                   QStringLiteral("--set"), QStringLiteral("WAIT=sleep 300")});
        QVERIFY(cli.waitForStarted());
        const QString ready = project.filePath(QStringLiteral("ready"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 60000);
        const QList<qint64> pids = pidsIn(project.path());
        for (qint64 pid : pids)
            QVERIFY(pid > 0 && alive(pid));

        ::kill(pid_t(cli.processId()), SIGKILL);
        QVERIFY(cli.waitForFinished(10000));
        const QList<qint64> left = stillAlive(pids, 20000);
        killAll(left);
        QVERIFY2(left.isEmpty(),
                 qPrintable(QStringLiteral("%1 of the step's processes outlived pipewright")
                                .arg(left.size())));
    }
};

QTEST_GUILESS_MAIN(tst_ProcessLifetime)
#include "tst_processlifetime.moc"
