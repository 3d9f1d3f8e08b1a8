// Lead time of the demo project: a hyperparameter commit in the demo repository until the new
// model answers. The commit trigger (CommitTrigger, as the GUI uses it) queues the run on a
// RunEngine with the built-in steps; every milestone is taken from the engine's signals:
//   committed     `git commit` exited (t = 0 is just before it started)
//   queued        the trigger's run request enqueued
//   gate passed   quality-gate stage succeeded (lint, unit tests, train before it)
//   pushed        image stage succeeded (docker build + push to 127.0.0.1:5000)
//   answered      smoke stage succeeded: the new version answered /predict and /version
//                 in its container (the first request it served)
//   colour ready  bluegreen: the idle colour's rollout done (with --deploy)
//   switched      bluegreen: the Service's selector moved to it (with --deploy)
// Usage: bench_leadtime [--rounds N] [--deploy] [--first-label cold|warm]
// Prints figures; asserts nothing about time.

#include "../git/benchgit.h"

#include "core/engine/runengine.h"
#include "core/git/committrigger.h"
#include "core/git/demoproject.h"
#include "core/pipeline/pipelineloader.h"
#include "core/steps/builtinsteprunners.h"
#include "core/store/runstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <map>

using namespace pw::core;

namespace {

struct Round
{
    QString label;
    std::map<QString, double> at; // milestone -> ms since the commit started
    QString result;
};

const char *const Milestones[] = {"committed", "queued",       "gate passed", "pushed",
                                  "answered",  "colour ready", "switched"};

QByteArray paramsFor(int version)
{
    // Alternate two good models, so each commit really changes the model and passes the gate.
    if (version % 2 == 0)
        return QStringLiteral("model_version: %1\nclassifier: svc\nhyperparameters:\n"
                              "  C: %2\n  gamma: 0.01\n")
            .arg(version)
            .arg(5.0 + version)
            .toUtf8();
    return QStringLiteral("model_version: %1\nclassifier: logistic\nhyperparameters:\n"
                          "  C: %2\n  max_iter: 500\n")
        .arg(version)
        .arg(0.5 + 0.01 * version)
        .toUtf8();
}

quint16 freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 18480;
}

QString cell(const Round &r, const char *name)
{
    const auto it = r.at.find(QString::fromLatin1(name));
    return it == r.at.end() ? QStringLiteral("-")
                            : QString::number(it->second / 1000.0, 'f', 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int rounds = 3;
    bool deploy = false;
    QString firstLabel = QStringLiteral("warm");
    const QStringList args = app.arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == u"--rounds" && i + 1 < args.size())
            rounds = std::max(1, args[++i].toInt());
        else if (args[i] == u"--deploy")
            deploy = true;
        else if (args[i] == u"--first-label" && i + 1 < args.size())
            firstLabel = args[++i];
        else {
            std::fprintf(stderr, "usage: bench_leadtime [--rounds N] [--deploy] "
                                 "[--first-label cold|warm]\n");
            return 2;
        }
    }

    QTemporaryDir tmp;
    qputenv("PIPEWRIGHT_DATA_DIR", QFile::encodeName(tmp.filePath(QStringLiteral("data"))));
    const QProcessEnvironment gitEnv = benchGitEnvironment(tmp.path());
    const QString project = tmp.filePath(QStringLiteral("project"));
    const DemoProject::Result demo = DemoProject::create(project);
    if (!demo.ok) {
        std::fprintf(stderr, "demo: %s\n", qPrintable(demo.error));
        return 1;
    }
    const PipelineLoadResult loaded = PipelineLoader::loadFile(demo.pipelineFile);
    if (!loaded.ok()) {
        std::fprintf(stderr, "demo pipeline does not load\n");
        return 1;
    }

    RunStore store;
    if (!store.open()) {
        std::fprintf(stderr, "store: %s\n", qPrintable(store.errorString()));
        return 1;
    }
    RunEngine engine(&store, builtinStepRunners());
    engine.setMaxParallelStages(2);

    QElapsedTimer clock;
    Round *current = nullptr;
    qint64 currentRun = 0;
    QEventLoop loop;
    const EnvList variables = {{QStringLiteral("DEPLOY"), deploy ? QStringLiteral("1")
                                                                  : QStringLiteral("0")},
                               {QStringLiteral("SMOKE_PORT"), QString::number(freePort())}};

    CommitTrigger trigger;
    trigger.setPipeline(loaded.pipeline, QStringLiteral(".pipewright.yml"));
    trigger.setProjectDir(project);
    trigger.setHandler([&](const RunRequest &request, const GitCommitInfo &) {
        RunRequest r = request;
        r.variables = variables;
        currentRun = engine.enqueue(r);
        if (current)
            current->at[QStringLiteral("queued")] = double(clock.nsecsElapsed()) / 1e6;
    });
    if (!trigger.start()) {
        std::fprintf(stderr, "trigger: %s\n", qPrintable(trigger.errorString()));
        return 1;
    }

    QObject::connect(&engine, &RunEngine::stageFinished, &loop,
                     [&](qint64 id, const QString &stage, StageStatus status) {
                         if (!current || id != currentRun || status != StageStatus::Succeeded)
                             return;
                         const double ms = double(clock.nsecsElapsed()) / 1e6;
                         if (stage == u"quality-gate")
                             current->at[QStringLiteral("gate passed")] = ms;
                         else if (stage == u"image")
                             current->at[QStringLiteral("pushed")] = ms;
                         else if (stage == u"smoke")
                             current->at[QStringLiteral("answered")] = ms;
                     });
    QObject::connect(&engine, &RunEngine::stepOutput, &loop,
                     [&](qint64 id, const QString &stage, int, const OutputChunks &chunks) {
                         if (!current || id != currentRun || stage != u"deploy")
                             return;
                         const double ms = double(clock.nsecsElapsed()) / 1e6;
                         for (const OutputChunk &c : chunks) {
                             if (c.data.contains(" is ready with ")
                                 && !current->at.count(QStringLiteral("colour ready")))
                                 current->at[QStringLiteral("colour ready")] = ms;
                             if (c.data.contains(" now sends traffic to ")
                                 && !current->at.count(QStringLiteral("switched")))
                                 current->at[QStringLiteral("switched")] = ms;
                         }
                     });
    QObject::connect(&engine, &RunEngine::runFinished, &loop,
                     [&](qint64 id, RunStatus status) {
                         if (current && id == currentRun) {
                             current->result = toString(status);
                             loop.quit();
                         }
                     });

    QList<Round> results;
    for (int i = 0; i < rounds; ++i) {
        Round round;
        round.label = i == 0 ? firstLabel : QStringLiteral("warm");
        current = &round;
        currentRun = 0;
        QFile f(project + QStringLiteral("/params.yaml"));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(paramsFor(i + 2));
        f.close();
        clock.start();
        if (!benchGit(gitEnv, project,
                      {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-am"),
                       QStringLiteral("model %1").arg(i + 2)}))
            return 1;
        round.at[QStringLiteral("committed")] = double(clock.nsecsElapsed()) / 1e6;
        QTimer::singleShot(20 * 60 * 1000, &loop, [&] {
            round.result = QStringLiteral("timed out");
            loop.quit();
        });
        loop.exec();
        current = nullptr;
        results << round;
        std::fprintf(stderr, "round %d (%s): %s\n", i + 1, qPrintable(round.label),
                     qPrintable(round.result));
        if (round.result != u"succeeded") {
            std::fprintf(stderr, "logs: %s\n", qPrintable(store.dataDirectory()));
            break;
        }
    }

    std::printf("\nLead time of the demo project, seconds from `git commit` (cumulative)\n");
    std::printf("%-6s %-5s", "round", "cache");
    for (const char *m : Milestones)
        std::printf(" %12s", m);
    std::printf("\n");
    for (int i = 0; i < results.size(); ++i) {
        std::printf("%-6d %-5s", i + 1, qPrintable(results[i].label));
        for (const char *m : Milestones)
            std::printf(" %12s", qPrintable(cell(results[i], m)));
        std::printf("\n");
    }
    std::printf("\nEach step on its own (seconds)\n");
    std::printf("%-6s %-5s %12s %12s %12s %12s %12s %12s %12s\n", "round", "cache", "commit",
                "trigger", "test+train", "build+push", "smoke", "rollout", "switch");
    for (int i = 0; i < results.size(); ++i) {
        const Round &r = results[i];
        std::printf("%-6d %-5s", i + 1, qPrintable(r.label));
        double last = 0;
        for (const char *m : Milestones) {
            const auto it = r.at.find(QString::fromLatin1(m));
            if (it == r.at.end()) {
                std::printf(" %12s", "-");
                continue;
            }
            std::printf(" %12.2f", (it->second - last) / 1000.0);
            last = it->second;
        }
        std::printf("\n");
    }
    return 0;
}
