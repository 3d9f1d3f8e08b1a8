// Engine benchmark (issue 3): per-step overhead against a plain bash loop, and log ingestion
// of a step printing 1,000,000 lines. Prints figures; asserts nothing.
// The chains run side by side with the loop (engine, loop, engine, loop, ...) so that load
// from elsewhere on the machine hits both alike; medians of the rounds are compared. The
// engine's own CPU time (getrusage of this process: not the steps, which are children) is
// printed too, as it does not depend on that load.
#include "core/engine/runengine.h"
#include "core/steps/builtinsteprunners.h"
#include "core/store/runstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace pw::core;

namespace {

qint64 statusKb(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qstrlen(key)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

StepSpec shellStep(const QString &command)
{
    StepSpec step;
    step.kind = QStringLiteral("run");
    step.params.insert(QStringLiteral("command"), command);
    return step;
}

// Runs the pipeline to the end; returns wall ms, and the bytes seen live in *liveBytes.
qint64 runPipeline(RunEngine &engine, const Pipeline &pipeline, const QString &workspace,
                   qint64 *liveBytes = nullptr, RunStatus *status = nullptr)
{
    QEventLoop loop;
    qint64 bytes = 0;
    RunStatus result = RunStatus::Failed;
    auto c1 = QObject::connect(&engine, &RunEngine::stepOutput, &loop,
                               [&](qint64, const QString &, int, const OutputChunks &chunks) {
                                   for (const OutputChunk &c : chunks)
                                       bytes += c.data.size();
                               });
    auto c2 = QObject::connect(&engine, &RunEngine::runFinished, &loop,
                               [&](qint64, RunStatus s) {
                                   result = s;
                                   loop.quit();
                               });
    RunRequest request;
    request.pipeline = pipeline;
    request.workspaceDir = workspace;
    QElapsedTimer timer;
    timer.start();
    engine.enqueue(request);
    loop.exec();
    const qint64 ms = timer.elapsed();
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    if (liveBytes)
        *liveBytes = bytes;
    if (status)
        *status = result;
    return ms;
}

// The same commands from a bash loop; output (if any) appended to one file.
qint64 bashLoop(int count, const QString &command, const QString &outFile)
{
    QProcess bash;
    QElapsedTimer timer;
    timer.start();
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"),
                QStringLiteral("for i in $(seq %1); do bash -c '%2' >> '%3'; done")
                    .arg(count)
                    .arg(command, outFile)});
    bash.waitForFinished(-1);
    return timer.elapsed();
}

double cpuMs()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
           + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// A chain of `stages` stages of one step each running `command`, against a bash loop running
// the same command as often.
void chainVersusLoop(RunEngine &engine, const QString &workspace, int stages, int rounds,
                     const QString &command)
{
    Pipeline chain;
    chain.name = QStringLiteral("chain");
    for (int i = 0; i < stages; ++i) {
        StageSpec stage;
        stage.id = QStringLiteral("s%1").arg(i);
        if (i > 0)
            stage.needs = {QStringLiteral("s%1").arg(i - 1)};
        stage.steps = {shellStep(command)};
        chain.stages << stage;
    }
    const QString outFile = workspace + QStringLiteral("/loop-output.txt");
    QList<double> engineMs, loopMs, ratios, cpu;
    for (int r = 0; r < rounds; ++r) {
        RunStatus status;
        const double cpuBefore = cpuMs();
        const double e = double(runPipeline(engine, chain, workspace, nullptr, &status));
        cpu << cpuMs() - cpuBefore;
        if (status != RunStatus::Succeeded)
            std::fprintf(stderr, "bench: the chain run did not succeed (%s)\n",
                         qPrintable(toString(status)));
        const double l = double(bashLoop(stages, command, outFile));
        engineMs << e;
        loopMs << l;
        ratios << e / l;
    }
    QFile::remove(outFile);
    const double e = median(engineMs);
    const double l = median(loopMs);
    std::printf("chain of %d stages of `%s` (median of %d rounds, side by side)\n", stages,
                qPrintable(command), rounds);
    std::printf("  engine          %8.0f ms\n", e);
    std::printf("  bash loop       %8.0f ms\n", l);
    std::printf("  ratio           %8.3f  (budget 1.15; median of the rounds' ratios %.3f)\n",
                e / l, median(ratios));
    std::printf("  per-step overhead %6.2f ms (engine - loop) / %d\n", (e - l) / stages, stages);
    std::printf("  engine CPU      %8.3f ms per step (this process, steps excluded)\n",
                median(cpu) / stages);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int stages = argc > 1 ? std::atoi(argv[1]) : 200;
    const int lines = argc > 2 ? std::atoi(argv[2]) : 1000000;
    const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 7;

    QTemporaryDir data;
    QTemporaryDir workspace;
    RunStore store;
    if (!store.open(data.path())) {
        std::fprintf(stderr, "bench: %s\n", qPrintable(store.errorString()));
        return 2;
    }
    RunEngine engine(&store, builtinStepRunners());

    // 1. A chain of trivial stages against a bash loop running the same commands; then the
    // same with a line of output per step (each step then writes its log files).
    chainVersusLoop(engine, workspace.path(), stages, rounds, QStringLiteral("true"));
    chainVersusLoop(engine, workspace.path(), stages, rounds, QStringLiteral("echo step"));

    // 2. One step printing many lines as fast as it can.
    Pipeline flood;
    flood.name = QStringLiteral("flood");
    StageSpec stage;
    stage.id = QStringLiteral("flood");
    // ~100-byte lines: yes(1) writes in large blocks, as fast as a program can print; it ends
    // by SIGPIPE when head is done, which pipefail would count as a failure.
    stage.steps = {shellStep(QStringLiteral(
        "set +o pipefail; yes 'the quick brown fox jumps over the lazy dog, again and again, as fast as it can "
        "print: 0123456' | head -n %1").arg(lines))};
    flood.stages << stage;
    const qint64 rssBefore = statusKb("VmRSS:");
    const qint64 hwmBefore = statusKb("VmHWM:");
    qint64 live = 0;
    RunStatus status;
    const qint64 ms = runPipeline(engine, flood, workspace.path(), &live, &status);
    const qint64 hwmAfter = statusKb("VmHWM:");
    const auto steps = store.steps(store.runs(1).first().id);
    const qint64 logBytes = steps.isEmpty() ? 0 : QFile(steps.first().logPath).size();
    std::printf("step printing %d lines (%s)\n", lines, qPrintable(toString(status)));
    std::printf("  log on disk     %8.1f MB (live %0.1f MB)\n", logBytes / 1e6, live / 1e6);
    std::printf("  wall            %8lld ms\n", static_cast<long long>(ms));
    std::printf("  ingest          %8.1f MB/s to disk (budget 100)\n", logBytes / 1e6 / (ms / 1e3));
    std::printf("  RSS before      %8.1f MB, peak before %0.1f MB, peak after %0.1f MB\n",
                rssBefore / 1024.0, hwmBefore / 1024.0, hwmAfter / 1024.0);
    return 0;
}
