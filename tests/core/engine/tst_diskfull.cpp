// A step that fills the disk holding the data directory: the run ends failed, with the
// reason, at its own time — recorded by the process that ran it (the store keeps a reserve
// for that final write), not marked "interrupted" later by whoever opens the store next.
// A real 5 MB tmpfs (needs root, as CI runs), the real `pipewright run`.
#include "core/store/runstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace pw::core;

class tst_DiskFull : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_mountPoint;
    bool m_mounted = false;

    static int run(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.start(program, args);
        p.waitForFinished(30000);
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(::geteuid() == 0, "this test mounts a 5 MB tmpfs and needs root "
                                   "(CI runs as root)");
        QVERIFY(m_mountPoint.isValid());
        QCOMPARE(run(QStringLiteral("mount"),
                     {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                      QStringLiteral("size=5m"), QStringLiteral("tmpfs"), m_mountPoint.path()}),
                 0);
        m_mounted = true;
    }
    void cleanupTestCase()
    {
        if (m_mounted)
            run(QStringLiteral("umount"), {m_mountPoint.path()});
    }

    void fullDiskFailsTheRunWithItsReason()
    {
        QTemporaryDir project;
        QFile file(project.filePath(QStringLiteral("pipeline.yml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        // 20 MB of output into a 5 MB data directory, then a stage that must not run.
        file.write(R"(version: 1
name: diskfull
stages:
  - id: flood
    steps:
      - run: head -c 20000000 /dev/zero | tr '\0' x | fold -w 100
  - id: after
    needs: [flood]
    steps:
      - run: echo should-not-run
)");
        file.close();
        const QString data = m_mountPoint.path() + QStringLiteral("/data");

        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIPEWRIGHT_DATA_DIR"), data);
        cli.setProcessEnvironment(env);
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(PW_ENGINE_CLI),
                  {QStringLiteral("run"), file.fileName(), QStringLiteral("--workspace"),
                   project.path()});
        QVERIFY(cli.waitForFinished(120000));
        const qint64 exitedAt = QDateTime::currentMSecsSinceEpoch();
        const QString out = QString::fromUtf8(cli.readAll());
        QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 1,
                 qPrintable(out.right(3000)));
        QVERIFY2(out.contains(QLatin1String("No space left"), Qt::CaseInsensitive)
                     || out.contains(QLatin1String("disk"), Qt::CaseInsensitive),
                 qPrintable(out.right(3000)));

        // Read back later, as the GUI or `pipewright history` would.
        QTest::qWait(300);
        RunStore store;
        QVERIFY2(store.open(data), qPrintable(store.errorString()));
        QCOMPARE(store.recoveredRunCount(), 0); // nothing was left for a later process
        const QList<RunRecord> runs = store.runs();
        QCOMPARE(runs.size(), 1);
        const RunRecord &r = runs.first();
        QCOMPARE(toString(r.status), toString(RunStatus::Failed));
        QVERIFY2(r.message.contains(QLatin1String("space"), Qt::CaseInsensitive)
                     || r.message.contains(QLatin1String("disk"), Qt::CaseInsensitive),
                 qPrintable(r.message));
        // The run's own duration: it ended before the process that ran it exited.
        QVERIFY(r.startedAt > 0);
        QVERIFY2(r.finishedAt >= r.startedAt && r.finishedAt <= exitedAt,
                 qPrintable(QStringLiteral("finished %1, process exited %2")
                                .arg(r.finishedAt)
                                .arg(exitedAt)));
        const QList<StageRecord> stages = store.stages(r.id);
        bool sawFlood = false;
        for (const StageRecord &s : stages) {
            if (s.stageId == u"flood") {
                sawFlood = true;
                QCOMPARE(toString(s.status), toString(StageStatus::Failed));
            } else {
                QVERIFY(s.status != StageStatus::Succeeded && s.status != StageStatus::Running);
            }
        }
        QVERIFY(sawFlood);
    }
};

QTEST_GUILESS_MAIN(tst_DiskFull)
#include "tst_diskfull.moc"
