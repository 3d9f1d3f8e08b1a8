#include "runcommand.h"

#include "core/engine/runengine.h"
#include "core/git/runrequestbuilder.h"
#include "core/steps/builtinsteprunners.h"
#include "core/pipeline/pipelineloader.h"
#include "core/store/runstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFileInfo>
#include <QHash>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace pw::app {

namespace {

int signalPipe[2] = {-1, -1};

// Async-signal-safe: the handler only writes a byte; the event loop does the rest.
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(signalPipe[1], &byte, 1);
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fputc('\n', stderr);
}

QString formatMs(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("-");
    if (ms < 60000)
        return QStringLiteral("%1s").arg(double(ms) / 1000.0, 0, 'f', 1);
    return QStringLiteral("%1m%2s").arg(ms / 60000).arg((ms % 60000) / 1000, 2, 10, QLatin1Char('0'));
}

// Prints live output line by line, each prefixed with its stage, and the closing summary.
class RunConsole
{
public:
    explicit RunConsole(const core::Pipeline &pipeline)
    {
        for (const core::StageSpec &s : pipeline.stages)
            m_width = std::max(m_width, s.id.size());
    }

    void output(const QString &stageId, int step, const core::OutputChunks &chunks)
    {
        QByteArray &partial = m_partial[{stageId, step}];
        const QByteArray prefix = QStringLiteral("[%1] ").arg(stageId, -int(m_width)).toUtf8();
        QByteArray out;
        for (const core::OutputChunk &chunk : chunks) {
            partial += chunk.data;
            qsizetype start = 0;
            qsizetype nl;
            while ((nl = partial.indexOf('\n', start)) >= 0) {
                out += prefix;
                out.append(partial.constData() + start, nl + 1 - start);
                start = nl + 1;
            }
            partial.remove(0, start);
        }
        write(out);
    }

    void endStep(const QString &stageId, int step)
    {
        const QByteArray partial = m_partial.take({stageId, step});
        if (!partial.isEmpty())
            output(stageId, step, {core::OutputChunk{core::OutputStream::Stdout, partial + '\n'}});
    }

    void note(const QString &text) { write(QStringLiteral("==> %1\n").arg(text).toUtf8()); }

    static void write(const QByteArray &bytes)
    {
        if (bytes.isEmpty())
            return;
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fflush(stdout);
    }

private:
    qsizetype m_width = 1;
    QHash<QPair<QString, int>, QByteArray> m_partial;
};

void printSummary(core::RunStore &store, qint64 runId)
{
    const auto run = store.run(runId);
    if (!run)
        return;
    const QList<core::StageRecord> stages = store.stages(runId);
    qsizetype width = 5;
    for (const core::StageRecord &s : stages)
        width = std::max(width, s.stageId.size());
    QString out = QStringLiteral("\n%1  %2  %3  %4\n")
                      .arg(QStringLiteral("STAGE"), -int(width))
                      .arg(QStringLiteral("STATUS"), -17)
                      .arg(QStringLiteral("DURATION"), -8)
                      .arg(QStringLiteral("NOTE"));
    for (const core::StageRecord &s : stages) {
        const qint64 ms = s.startedAt > 0 && s.finishedAt > 0 ? s.finishedAt - s.startedAt : -1;
        QString status = core::toString(s.status);
        if (s.allowedFailure)
            status += QStringLiteral(" (ok)");
        out += QStringLiteral("%1  %2  %3  %4\n")
                   .arg(s.stageId, -int(width))
                   .arg(status, -17)
                   .arg(formatMs(ms), -8)
                   .arg(s.message.section(u'\n', 0, 0).left(100));
    }
    out += QStringLiteral("run %1 %2 in %3")
               .arg(runId)
               .arg(core::toString(run->status), formatMs(run->finishedAt - run->startedAt));
    if (!run->message.isEmpty() && run->status != core::RunStatus::Succeeded)
        out += QStringLiteral(": %1").arg(run->message);
    out += QStringLiteral("\nlogs and artifacts: %1\n").arg(run->runDir);
    RunConsole::write(out.toUtf8());
}

} // namespace

int runCommand(const QStringList &args)
{
    const QString usage = QStringLiteral(
        "usage: pipewright run FILE [--workspace DIR] [--set K=V]... [--jobs N]");
    QString file;
    core::RunRequest request;
    int jobs = 0;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"-h" || a == u"--help") {
            std::printf("%s\n  --workspace DIR  run in DIR as it is (no copy)\n"
                        "  --set K=V        set variable K for the steps and `when`\n"
                        "  --jobs N         run at most N stages at once (default: cores)\n"
                        "exit 0 succeeded, 1 failed, 2 usage or I/O error, 130 cancelled\n",
                        qPrintable(usage));
            return 0;
        }
        if (a == u"--workspace" || a == u"--set" || a == u"--jobs") {
            if (i + 1 >= args.size()) {
                printErr(QStringLiteral("pipewright run: %1 needs a value").arg(a));
                return 2;
            }
            const QString value = args.at(++i);
            if (a == u"--workspace") {
                if (!QFileInfo(value).isDir()) {
                    printErr(QStringLiteral("pipewright run: %1 is not a directory").arg(value));
                    return 2;
                }
                request.workspaceDir = value;
            } else if (a == u"--set") {
                const int eq = value.indexOf(u'=');
                if (eq <= 0) {
                    printErr(QStringLiteral("pipewright run: --set needs K=V, got '%1'").arg(value));
                    return 2;
                }
                request.variables.append({value.left(eq), value.mid(eq + 1)});
            } else {
                bool ok = false;
                jobs = value.toInt(&ok);
                if (!ok || jobs < 1) {
                    printErr(QStringLiteral("pipewright run: --jobs needs a number >= 1"));
                    return 2;
                }
            }
        } else if (a.startsWith(u'-')) {
            printErr(QStringLiteral("pipewright run: unknown option '%1'\n%2").arg(a, usage));
            return 2;
        } else if (file.isEmpty()) {
            file = a;
        } else {
            printErr(usage);
            return 2;
        }
    }
    if (file.isEmpty()) {
        printErr(usage);
        return 2;
    }

    const core::PipelineLoadResult loaded = core::PipelineLoader::loadFile(file);
    for (const core::Diagnostic &d : loaded.diagnostics)
        printErr(d.toString());
    if (loaded.ioError)
        return 2;
    if (!loaded.ok())
        return 1;

    std::unique_ptr<QCoreApplication> ownApp;
    if (!QCoreApplication::instance()) {
        static int argc = 1;
        static char name[] = "pipewright";
        static char *argv[] = {name, nullptr};
        ownApp = std::make_unique<QCoreApplication>(argc, argv);
    }

    core::RunStore store;
    if (!store.open()) {
        printErr(QStringLiteral("pipewright run: %1").arg(store.errorString()));
        return 2;
    }

    // The commit, branch, message and author of the repository's HEAD, if there is one.
    const core::EnvList variables = request.variables;
    request = core::RunRequestBuilder::forWorkingTree(file, loaded.pipeline,
                                                      QStringLiteral("cli"), request.workspaceDir);
    request.variables = variables;

    core::RunEngine engine(&store, core::builtinStepRunners());
    if (jobs > 0)
        engine.setMaxParallelStages(jobs);
    const QByteArray grace = qgetenv("PIPEWRIGHT_KILL_GRACE_MS");
    if (!grace.isEmpty())
        engine.setKillGraceMs(grace.toInt());

    RunConsole console(request.pipeline);
    QEventLoop loop;
    qint64 runId = 0;
    core::RunStatus result = core::RunStatus::Failed;
    QObject::connect(&engine, &core::RunEngine::stageStarted, &loop,
                     [&](qint64, const QString &stage) {
                         console.note(QStringLiteral("stage %1 started").arg(stage));
                     });
    QObject::connect(&engine, &core::RunEngine::stepOutput, &loop,
                     [&](qint64, const QString &stage, int step, const core::OutputChunks &c) {
                         console.output(stage, step, c);
                     });
    QObject::connect(&engine, &core::RunEngine::stepFinished, &loop,
                     [&](qint64, const QString &stage, int step, core::StepStatus, int) {
                         console.endStep(stage, step);
                     });
    QObject::connect(&engine, &core::RunEngine::stageFinished, &loop,
                     [&](qint64, const QString &stage, core::StageStatus status) {
                         console.note(QStringLiteral("stage %1 %2").arg(stage, core::toString(status)));
                     });
    QObject::connect(&engine, &core::RunEngine::approvalNeeded, &loop,
                     [&](qint64 id, const QString &stage, const QString &prompt) {
                         console.note(QStringLiteral("stage %1 awaits approval%2: run `pipewright"
                                                     " approve %3 %1` or `pipewright reject %3 %1`")
                                          .arg(stage,
                                               prompt.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(prompt))
                                          .arg(id));
                     });
    QObject::connect(&engine, &core::RunEngine::runFinished, &loop,
                     [&](qint64, core::RunStatus status) {
                         result = status;
                         loop.quit();
                     });

    // Ctrl-C and SIGTERM cancel the run: the self-pipe brings the signal into the event loop.
    if (::pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        printErr(QStringLiteral("pipewright run: cannot create a pipe"));
        return 2;
    }
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    int signalCount = 0;
    QObject::connect(&notifier, &QSocketNotifier::activated, &loop, [&] {
        char buffer[16];
        while (::read(signalPipe[0], buffer, sizeof buffer) > 0)
            ++signalCount;
        console.note(QStringLiteral("cancelling run %1 ...").arg(runId));
        engine.cancel(runId);
    });
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    struct sigaction oldInt {}, oldTerm {};
    ::sigaction(SIGINT, &action, &oldInt);
    ::sigaction(SIGTERM, &action, &oldTerm);

    runId = engine.enqueue(request);
    if (runId == 0) {
        printErr(QStringLiteral("pipewright run: %1").arg(engine.lastError()));
        return 2;
    }
    console.note(QStringLiteral("run %1 of %2 (%3)")
                     .arg(runId)
                     .arg(request.pipeline.name.isEmpty() ? QFileInfo(file).fileName() : request.pipeline.name,
                          store.dataDirectory()));
    loop.exec();

    ::sigaction(SIGINT, &oldInt, nullptr);
    ::sigaction(SIGTERM, &oldTerm, nullptr);
    ::close(signalPipe[0]);
    ::close(signalPipe[1]);
    printSummary(store, runId);
    switch (result) {
    case core::RunStatus::Succeeded: return 0;
    case core::RunStatus::Cancelled: return 130;
    default: return 1;
    }
}

} // namespace pw::app
