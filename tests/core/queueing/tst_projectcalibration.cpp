// λ from a real repository's history and μ from run records, as the simulator's "use this
// project's measured values" gets them.
#include "core/queueing/projectcalibration.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

class tst_ProjectCalibration : public QObject
{
    Q_OBJECT

private slots:
    void gitHistoryGivesLambdaRunsGiveMu()
    {
        QTemporaryDir repo;
        auto git = [&](const QStringList &args, const QString &date = QString()) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            if (!date.isEmpty()) {
                env.insert(QStringLiteral("GIT_COMMITTER_DATE"), date);
                env.insert(QStringLiteral("GIT_AUTHOR_DATE"), date);
            }
            p.setProcessEnvironment(env);
            p.setWorkingDirectory(repo.path());
            p.start(QStringLiteral("git"), QStringList{u"-c"_qs, u"user.name=T"_qs, u"-c"_qs,
                                                       u"user.email=t@e"_qs} + args);
            p.waitForFinished(30000);
            return p.exitCode();
        };
        QCOMPARE(git({u"init"_qs, u"-q"_qs, u"-b"_qs, u"main"_qs}), 0);
        // 41 commits, one every 30 minutes: λ = 2 per hour, perfectly regular (ca² = 0).
        const QDateTime start = QDateTime::fromString(u"2026-01-05T08:00:00Z"_qs, Qt::ISODate);
        for (int i = 0; i <= 40; ++i) {
            const QString date = start.addSecs(i * 1800).toString(Qt::ISODate);
            QCOMPARE(git({u"commit"_qs, u"-q"_qs, u"--allow-empty"_qs, u"-m"_qs,
                          QStringLiteral("c%1").arg(i)},
                         date),
                     0);
        }
        // Runs of 20 and 40 minutes: mean 30 min, μ = 2 per hour, cs² = (10²)/(30²) = 1/9.
        QList<RunRecord> runs;
        for (int i = 0; i < 10; ++i) {
            RunRecord r;
            r.id = i + 1;
            r.queuedAt = 1'000'000 + i * 7'200'000LL;
            r.startedAt = r.queuedAt;
            r.finishedAt = r.startedAt + (i % 2 ? 40 : 20) * 60'000LL;
            runs.append(r);
        }
        const ProjectCalibration c = ProjectCalibration::measure(repo.path(), runs);
        QVERIFY2(c.arrivals.valid, qPrintable(c.arrivals.message));
        QVERIFY(c.arrivalSource.startsWith(u"git history"_qs));
        QCOMPARE(c.arrivals.lambda, 2.0);
        QVERIFY(c.arrivals.ca2 < 1e-9);
        QVERIFY(c.services.valid);
        QCOMPARE(c.services.mu, 2.0);
        // The sample variance (n − 1) of ±10 min around 30: 10²·10/9 / 30².
        QVERIFY(qAbs(c.services.cs2 - (100.0 * 10.0 / 9.0) / 900.0) < 1e-9);
    }

    void noRepositoryFallsBackToRunHistory()
    {
        QTemporaryDir notARepo;
        QList<RunRecord> runs;
        for (int i = 0; i < 5; ++i) {
            RunRecord r;
            r.id = i + 1;
            r.queuedAt = 1'000'000 + i * 3'600'000LL; // one run per hour
            r.startedAt = r.queuedAt;
            r.finishedAt = r.startedAt + 600'000;
            runs.append(r);
        }
        const ProjectCalibration c = ProjectCalibration::measure(notARepo.path(), runs);
        QCOMPARE(c.arrivalSource, u"run history"_qs);
        QVERIFY(c.arrivals.valid);
        QCOMPARE(c.arrivals.lambda, 1.0);
    }
};

QTEST_GUILESS_MAIN(tst_ProjectCalibration)
#include "tst_projectcalibration.moc"
