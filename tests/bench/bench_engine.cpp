// Engine benchmark (issue 3): per-step overhead against a plain bash loop, and log ingestion
// of a step printing 1,000,000 lines. Prints figures; asserts nothing.
#include "core/engine/runengine.h"
#include "core/store/runstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

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

qint64 bashLoop(int count)
{
    QProcess bash;
    QElapsedTimer timer;
    timer.start();
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"),
                QStringLiteral("for i in $(seq %1); do bash -c true; done").arg(count)});
    bash.waitForFinished(-1);
    return timer.elapsed();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int stages = argc > 1 ? std::atoi(argv[1]) : 200;
    const int lines = argc > 2 ? std::atoi(argv[2]) : 1000000;
    const int rounds = 3;

    QTemporaryDir data;
    QTemporaryDir workspace;
    RunStore store;
    if (!store.open(data.path())) {
        std::fprintf(stderr, "bench: %s\n", qPrintable(store.errorString()));
        return 2;
    }
    RunEngine engine(&store);

    // 1. A chain of trivial stages against a bash loop running the same commands.
    Pipeline chain;
    chain.name = QStringLiteral("chain");
    for (int i = 0; i < stages; ++i) {
        StageSpec stage;
        stage.id = QStringLiteral("s%1").arg(i);
        if (i > 0)
            stage.needs = {QStringLiteral("s%1").arg(i - 1)};
        stage.steps = {shellStep(QStringLiteral("true"))};
        chain.stages << stage;
    }
    QList<qint64> engineMs, loopMs;
    for (int r = 0; r < rounds; ++r) {
        RunStatus status;
        engineMs << runPipeline(engine, chain, workspace.path(), nullptr, &status);
        if (status != RunStatus::Succeeded)
            std::fprintf(stderr, "bench: the chain run did not succeed (%s)\n",
                         qPrintable(toString(status)));
        loopMs << bashLoop(stages);
    }
    std::sort(engineMs.begin(), engineMs.end());
    std::sort(loopMs.begin(), loopMs.end());
    const double e = double(engineMs.at(rounds / 2));
    const double l = double(loopMs.at(rounds / 2));
    std::printf("chain of %d stages of `true` (median of %d, side by side)\n", stages, rounds);
    std::printf("  engine          %8.0f ms\n", e);
    std::printf("  bash loop       %8.0f ms\n", l);
    std::printf("  ratio           %8.3f  (budget 1.15)\n", e / l);
    std::printf("  per-step overhead %6.2f ms (engine - loop) / %d\n", (e - l) / stages, stages);

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
