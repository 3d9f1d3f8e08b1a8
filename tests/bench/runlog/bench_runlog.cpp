// Opening a finished run's log (issue 4: "never freezes, however large"): the longest time
// the event loop waits while a run with one step of N lines is opened, side by side with the
// reference of reading the same step file into a LogBuffer on the calling thread (what the
// Runs area did before the read moved to a worker). Prints figures; asserts nothing.
#include "core/engine/runengine.h"
#include "core/steps/builtinsteprunners.h"
#include "core/engine/steplogreader.h"
#include "core/logs/logbuffer.h"
#include "core/pipeline/pipelineloader.h"
#include "core/store/runstore.h"
#include "ui/runs/runlogview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace pw::core;

namespace {

// Runs `work` from the event loop with a 1 ms timer beside it; returns the longest gap
// between the timer's ticks (or since the start) until `done` says the work is over.
qint64 longestStall(const std::function<void()> &work, const std::function<bool()> &done)
{
    QEventLoop loop;
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    QTimer tick;
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
        if (done())
            loop.quit();
    });
    clock.start();
    tick.start();
    QTimer::singleShot(0, &loop, [&] {
        work();
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
    });
    loop.exec();
    return worst;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen"
                                     : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const int lines = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    QTemporaryDir data;
    QTemporaryDir workspace;
    RunStore store;
    if (!store.open(data.path())) {
        std::fprintf(stderr, "run store: %s\n", qPrintable(store.errorString()));
        return 2;
    }
    RunEngine engine(&store, builtinStepRunners());
    const QByteArray yaml = "name: big\nstages:\n  - id: print\n    steps:\n      - run: seq -f "
                            "'line %09.0f of a long build log' "
                            + QByteArray::number(lines) + "\n";
    const PipelineLoadResult loaded = PipelineLoader::loadFromText(yaml, QStringLiteral("b.yml"));
    RunRequest request;
    request.pipeline = loaded.pipeline;
    request.workspaceDir = workspace.path();
    QEventLoop wait;
    qint64 runId = 0;
    QObject::connect(&engine, &RunEngine::runFinished, &wait, [&](qint64 id, RunStatus) {
        if (id == runId)
            wait.quit();
    });
    runId = engine.enqueue(request);
    wait.exec();
    const QList<StepRecord> steps = store.steps(runId);
    if (steps.isEmpty() || steps.first().logPath.isEmpty()) {
        std::fprintf(stderr, "the run wrote no step log\n");
        return 2;
    }
    const QString logPath = steps.first().logPath;

    std::vector<qint64> reference, opened, ready;
    for (int round = 0; round < rounds; ++round) {
        // Reference: the step file read and parsed where the caller runs.
        reference.push_back(longestStall(
            [&] {
                // Line by line with each line's stream and time, as the assembler appends.
                LogBuffer buffer;
                const QByteArray bytes = StepLogReader::readAll(logPath);
                const QList<StepLogReader::Line> index = StepLogReader::readIndex(logPath);
                for (int i = 0; i < index.size(); ++i) {
                    const qint64 end = i + 1 < index.size() ? index[i + 1].offset
                                                            : bytes.size();
                    buffer.append(QByteArrayView(bytes).sliced(index[i].offset,
                                                               end - index[i].offset),
                                  index[i].stream, index[i].timestampMs);
                }
                buffer.finish(false);
            },
            [] { return true; }));
        // Pipewright: the Runs area's log view opening the finished run, until its log is in.
        pw::ui::RunLogView view(&engine);
        view.resize(900, 600);
        view.show();
        QElapsedTimer sinceOpen;
        qint64 readyMs = -1;
        opened.push_back(longestStall(
            [&] {
                sinceOpen.start();
                view.setRun(runId);
            },
            [&] {
                if (readyMs < 0 && !view.isLoading())
                    readyMs = sinceOpen.elapsed();
                return readyMs >= 0;
            }));
        ready.push_back(readyMs);
    }
    const auto median = [](std::vector<qint64> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf("opening a finished run with one step of %d lines (%.1f MB), median of %d\n",
                lines, double(QFileInfo(logPath).size()) / 1e6, rounds);
    std::printf("  reference: read + parse on the event loop   longest stall %5lld ms\n",
                median(reference));
    std::printf("  pipewright: RunLogView::setRun               longest stall %5lld ms"
                " (budget 50), log ready after %lld ms\n",
                median(opened), median(ready));
    return 0;
}
