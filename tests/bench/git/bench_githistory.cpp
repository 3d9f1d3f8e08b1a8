// Reading a 100,000-commit history for the arrival rate: generates the repository with
// `git fast-import` (one commit a few minutes after the last), then times GitHistory and
// ArrivalStatistics. Usage: bench_githistory [COMMITS]

#include "benchgit.h"

#include "core/git/githistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cmath>
#include <ctime>

using namespace pw::core;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int commits = argc > 1 ? std::max(2, atoi(argv[1])) : 100000;
    QTemporaryDir tmp;
    const QProcessEnvironment env = benchGitEnvironment(tmp.path());
    const QString repo = tmp.path() + QStringLiteral("/history.git");
    QDir().mkpath(repo);
    if (!benchGit(env, repo, {QStringLiteral("init"), QStringLiteral("-q"),
                              QStringLiteral("--bare"), QStringLiteral("-b"),
                              QStringLiteral("main")}))
        return 1;

    // Exponential gaps (mean 20 min): a Poisson stream, so cv² should come out near 1.
    QByteArray stream;
    stream.reserve(commits * 160);
    QRandomGenerator rng(42);
    qint64 t = 1600000000;
    for (int i = 1; i <= commits; ++i) {
        t += qint64(-1200.0 * std::log(1.0 - rng.generateDouble())) + 1;
        const QByteArray msg = "commit " + QByteArray::number(i) + "\n";
        stream += "commit refs/heads/main\nmark :" + QByteArray::number(i) + "\n";
        stream += "committer Bench <bench@example.org> " + QByteArray::number(t) + " +0000\n";
        stream += "data " + QByteArray::number(msg.size()) + "\n" + msg;
        if (i > 1)
            stream += "from :" + QByteArray::number(i - 1) + "\n";
        stream += "\n";
    }
    QElapsedTimer clock;
    clock.start();
    if (!benchGit(env, repo, {QStringLiteral("fast-import"), QStringLiteral("--quiet")}, stream))
        return 1;
    const double genMs = double(clock.nsecsElapsed()) / 1e6;

    // CPU time next to wall time: on a shared machine the wall clock mostly measures others.
    clock.restart();
    std::clock_t cpu = std::clock();
    const GitHistory::Result r = GitHistory::read(repo, QStringLiteral("main"));
    const double readMs = double(clock.nsecsElapsed()) / 1e6;
    const double readCpuMs = double(std::clock() - cpu) * 1000.0 / CLOCKS_PER_SEC;
    clock.restart();
    cpu = std::clock();
    const ArrivalStatistics s = ArrivalStatistics::compute(r.arrivals);
    const double statsMs = double(clock.nsecsElapsed()) / 1e6;
    const double statsCpuMs = double(std::clock() - cpu) * 1000.0 / CLOCKS_PER_SEC;
    if (!r.error.isEmpty())
        std::fprintf(stderr, "%s\n", qPrintable(r.error));

    std::printf("history of %d commits (generated with git fast-import in %.0f ms)\n", commits,
                genMs);
    std::printf("  GitHistory::read: %.1f ms wall, %.1f ms CPU (%.2f us/commit CPU), "
                "%lld arrivals\n",
                readMs, readCpuMs, readCpuMs * 1000.0 / commits, qlonglong(r.arrivals.size()));
    std::printf("  ArrivalStatistics::compute: %.1f ms wall, %.1f ms CPU\n", statsMs,
                statsCpuMs);
    std::printf("  lambda %.3f /h  mean gap %.0f s  cv2 %.3f\n", s.ratePerHour,
                s.meanInterArrivalSeconds, s.cv2);
    return 0;
}
