// Commit-to-trigger latency: `git commit` in a watched repository until CommitTrigger emits
// runRequested (budget 250 ms; Jenkins polls SCM once a minute). Usage: bench_gittrigger [N]

#include "benchgit.h"

#include "core/git/branchwatcher.h"
#include "core/git/committrigger.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

using namespace pw::core;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 30;
    QTemporaryDir tmp;
    const QProcessEnvironment env = benchGitEnvironment(tmp.path());
    const QString repo = tmp.path() + QStringLiteral("/repo");
    QDir().mkpath(repo);
    if (!benchGit(env, repo, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                              QStringLiteral("main")})
        || !benchGit(env, repo, {QStringLiteral("commit"), QStringLiteral("-q"),
                                 QStringLiteral("--allow-empty"), QStringLiteral("-m"),
                                 QStringLiteral("start")}))
        return 1;

    Pipeline pipeline;
    pipeline.name = QStringLiteral("bench");
    pipeline.triggers.pushBranches = {QStringLiteral("main")};
    CommitTrigger trigger;
    trigger.setPipeline(pipeline);
    trigger.setProjectDir(repo);
    if (!trigger.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(trigger.errorString()));
        return 1;
    }

    QList<double> fromStart;  // git commit started -> runRequested
    QList<double> fromExit;   // git commit exited (ref written) -> runRequested
    QList<double> gitOnly;    // how long git commit itself took
    int missed = 0;
    for (int i = 0; i < rounds; ++i) {
        QFile f(repo + QStringLiteral("/file.txt"));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(QByteArray::number(i));
        f.close();
        benchGit(env, repo, {QStringLiteral("add"), QStringLiteral("file.txt")});

        QEventLoop loop;
        QElapsedTimer clock;
        double exitedAt = -1;
        double signalAt = -1;
        const auto done = [&] {
            if (exitedAt >= 0 && signalAt >= 0)
                loop.quit();
        };
        const auto c = QObject::connect(&trigger, &CommitTrigger::runRequested, &loop, [&] {
            if (signalAt < 0)
                signalAt = double(clock.nsecsElapsed()) / 1e6;
            done();
        });
        QProcess git;
        git.setProcessEnvironment(env);
        git.setWorkingDirectory(repo);
        QObject::connect(&git, &QProcess::finished, &loop, [&] {
            exitedAt = double(clock.nsecsElapsed()) / 1e6;
            done();
        });
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        clock.start();
        git.start(QStringLiteral("git"),
                  {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                   QStringLiteral("round %1").arg(i)});
        loop.exec();
        git.waitForFinished();
        QObject::disconnect(c);
        if (signalAt < 0) {
            ++missed;
            continue;
        }
        fromStart.append(signalAt);
        if (exitedAt >= 0) {
            gitOnly.append(exitedAt);
            // Negative when the run was requested before git had even exited (the ref is
            // written before git's own clean-up).
            fromExit.append(signalAt - exitedAt);
        }
    }
    std::printf("git trigger latency over %d commits (file-system watcher, settle 15 ms)\n",
                rounds);
    std::printf("  git commit start -> run requested: median %.1f ms  p95 %.1f ms  max %.1f ms\n",
                percentile(fromStart, 0.5), percentile(fromStart, 0.95),
                percentile(fromStart, 1.0));
    std::printf("  git commit exit  -> run requested: median %.1f ms  p95 %.1f ms  max %.1f ms\n",
                percentile(fromExit, 0.5), percentile(fromExit, 0.95), percentile(fromExit, 1.0));
    std::printf("  (git commit itself: median %.1f ms; requested before git exited in %lld "
                "rounds)\n",
                percentile(gitOnly, 0.5),
                qlonglong(std::count_if(fromExit.cbegin(), fromExit.cend(),
                                        [](double d) { return d < 0; })));
    std::printf("  budget 250 ms; missed (no signal in 5 s): %d\n", missed);
    return 0;
}
