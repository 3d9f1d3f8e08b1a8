// Benchmark (not a test): a large build context sent by Pipewright's client vs `docker build`
// (classic builder, the one the client drives) on the same context, side by side. Prints
// the wall times, their ratio and Pipewright's peak RSS.
//   Usage: bench_dockerbuild CONTEXT_DIR [ROUNDS]   (default 5 rounds)
// The two builds take turns going first and each starts after sync(): the daemon writes the
// whole context to disk, so one build's write-back could otherwise land on the next, and a
// fixed order would charge it always to the same side. Wall times on a shared machine swing
// by +-20 % from round to round, so the verdict is the median of the rounds' ratios.
#include "core/docker/dockerclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include <cstdio>

using namespace pw::core;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CONTEXT_DIR [ROUNDS]\n", argv[0]);
        return 2;
    }
    const QString context = QString::fromLocal8Bit(argv[1]);
    const QString tag = QStringLiteral("pipewright-test/bench:latest");

    const int rounds = argc > 2 ? std::max(1, atoi(argv[2])) : 5;

    const auto runCli = [&]() -> double {
        QElapsedTimer t;
        t.start();
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DOCKER_BUILDKIT"), QStringLiteral("0"));
        cli.setProcessEnvironment(env);
        cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        cli.setStandardOutputFile(QProcess::nullDevice());
        cli.start(QStringLiteral("docker"), {QStringLiteral("build"), QStringLiteral("-q"),
                                             QStringLiteral("-t"), tag, context});
        if (!cli.waitForFinished(-1) || cli.exitCode() != 0)
            return -1;
        return double(t.elapsed());
    };
    const auto runOurs = [&]() -> double {
        DockerClient client;
        DockerBuildOptions o;
        o.contextDir = context;
        o.tags = {tag};
        QElapsedTimer t;
        t.start();
        if (!client.build(o, {}, nullptr)) {
            std::fprintf(stderr, "pipewright build failed: %s\n",
                         qPrintable(client.errorMessage()));
            return -1;
        }
        return double(t.elapsed());
    };

    // Unmeasured: both contenders then find the context in the page cache and the RUN step
    // in the daemon's layer cache, instead of the first one paying for it.
    if (runOurs() < 0)
        return 1;
    std::vector<double> ratios;
    for (int round = 0; round < rounds; ++round) {
        double cliMs = 0;
        double ourMs = 0;
        for (int turn = 0; turn < 2; ++turn) {
            ::sync();
            if ((turn == 0) == (round % 2 == 0))
                cliMs = runCli();
            else
                ourMs = runOurs();
        }
        if (cliMs < 0 || ourMs < 0) {
            std::fprintf(stderr, "%s\n", cliMs < 0 ? "docker build failed" : "build failed");
            return 1;
        }
        ratios.push_back(ourMs / cliMs);
        std::printf("round %d (%s first): docker build %6.0f ms, pipewright %6.0f ms, "
                    "ratio %.3f\n",
                    round + 1, round % 2 == 0 ? "docker" : "pipewright", cliMs, ourMs,
                    ratios.back());
        std::fflush(stdout);
    }
    DockerClient().removeImage(tag, true);
    std::sort(ratios.begin(), ratios.end());
    const double median = ratios.size() % 2 ? ratios[ratios.size() / 2]
                                            : (ratios[ratios.size() / 2 - 1]
                                               + ratios[ratios.size() / 2]) / 2;

    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("wall ratio pipewright/docker, median of %d rounds: %.3f (min %.3f, max %.3f; "
                "budget <= 1.1)\n",
                rounds, median, ratios.front(), ratios.back());
    std::printf("pipewright peak RSS: %.1f MB (budget < 64 MB)\n", double(ru.ru_maxrss) / 1024.0);
    return 0;
}
