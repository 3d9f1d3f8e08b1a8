// Benchmark (not a test): a large build context sent by Pipewright's client vs `docker build`
// (classic builder, the one the client drives) on the same context, side by side. Prints
// the wall times, their ratio and Pipewright's peak RSS. Usage: bench_dockerbuild CONTEXT_DIR
#include "core/docker/dockerclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>

#include <sys/resource.h>

#include <cstdio>

using namespace pw::core;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CONTEXT_DIR\n", argv[0]);
        return 2;
    }
    const QString context = QString::fromLocal8Bit(argv[1]);
    const QString tag = QStringLiteral("pipewright-test/bench:latest");

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
    if (!cli.waitForFinished(-1) || cli.exitCode() != 0) {
        std::fprintf(stderr, "docker build failed\n");
        return 1;
    }
    const double cliMs = double(t.elapsed());

    DockerClient client;
    DockerBuildOptions o;
    o.contextDir = context;
    o.tags = {tag};
    t.restart();
    if (!client.build(o, {}, nullptr)) {
        std::fprintf(stderr, "pipewright build failed: %s\n", qPrintable(client.errorMessage()));
        return 1;
    }
    const double ourMs = double(t.elapsed());
    client.removeImage(tag, true);

    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("docker build (CLI, classic builder): %8.0f ms\n", cliMs);
    std::printf("pipewright build (API, streamed):    %8.0f ms\n", ourMs);
    std::printf("wall ratio pipewright/docker: %.3f (budget <= 1.1)\n", ourMs / cliMs);
    std::printf("pipewright peak RSS: %.1f MB (budget < 64 MB)\n", double(ru.ru_maxrss) / 1024.0);
    return 0;
}
