#include "commandline.h"

#include "approvecommand.h"
#include "democommand.h"
#include "envcommand.h"
#include "historycommand.h"
#include "runcommand.h"
#include "simulatecommand.h"

#include "core/pipeline/importers/pipelineimporter.h"
#include "core/pipeline/pipelineloader.h"
#include "core/pipeline/pipelinewriter.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

namespace pw::app {

namespace {

struct Command
{
    const char *name;
    int (*run)(const QStringList &args);
    const char *synopsis;
};

const Command commands[] = {
    {"validate", validateCommand, "validate FILE...            check pipeline files"},
    {"import", importCommand,
     "import FILE [-o OUT] [--from jenkins|github|gitlab]\n"
     "                              convert a Jenkinsfile, GitHub workflow or GitLab CI file"},
    {"run", runCommand,
     "run FILE [--workspace DIR] [--set K=V]... [--jobs N]\n"
     "                              run a pipeline here, live log on stdout"},
    {"simulate", simulateCommand,
     "simulate --model MODEL --lambda L --mu M [--servers C] [--capacity K]\n"
     "                    [--ca2 X] [--cs2 Y] [--customers N --seed S] [--json]\n"
     "                              queueing models: mm1 mmc mmck mg1 md1 gg1 ggc"},
    {"history", historyCommand, "history [--json]            list past runs"},
    {"approve", approveCommand, "approve RUN STAGE           approve a stage waiting for it"},
    {"reject", rejectCommand, "reject RUN STAGE            reject a stage waiting for approval"},
    {"demo", demoCommand,
     "demo create DIR             the demo project as a new git repository in DIR"},
    {"env", envCommand,
     "env status|deploy|promote|rollback|abort|scale-down|recover|history FILE ENVIRONMENT\n"
     "                              blue/green actions on an environment"},
};

void printErr(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fputc('\n', stderr);
}

void printUsage(FILE *to)
{
    std::fprintf(to, "usage: pipewright [FILE]            open the GUI\n");
    for (const Command &c : commands)
        std::fprintf(to, "       pipewright %s\n", c.synopsis);
    std::fprintf(to, "       pipewright --version\n");
}

void printDiagnostics(const core::Diagnostics &diagnostics)
{
    for (const core::Diagnostic &d : diagnostics)
        printErr(d.toString());
}

} // namespace

bool isHeadlessCommand(const QStringList &args)
{
    if (args.isEmpty())
        return false;
    const QString first = args.first();
    if (first == u"--version" || first == u"-v" || first == u"help")
        return true;
    for (const Command &c : commands) {
        if (first == QLatin1String(c.name))
            return true;
    }
    return false;
}

int runHeadless(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Pipewright"));
    QCoreApplication::setApplicationName(QStringLiteral("Pipewright"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PW_VERSION));
    QStringList args = app.arguments().mid(1);
    const QString name = args.takeFirst();
    if (name == u"--version" || name == u"-v") {
        std::printf("pipewright %s\n", PW_VERSION);
        return 0;
    }
    if (name == u"help") {
        printUsage(stdout);
        return 0;
    }
    for (const Command &c : commands) {
        if (name == QLatin1String(c.name))
            return c.run(args);
    }
    printUsage(stderr);
    return 2;
}

int validateCommand(const QStringList &args)
{
    QStringList files;
    for (const QString &a : args) {
        if (a == u"-h" || a == u"--help") {
            std::printf("usage: pipewright validate FILE...\n"
                        "exit 0 valid, 1 invalid, 2 usage or I/O error\n");
            return 0;
        }
        if (a.startsWith(u'-') && a != u"-") {
            printErr(QStringLiteral("pipewright validate: unknown option '%1'").arg(a));
            return 2;
        }
        files << a;
    }
    if (files.isEmpty()) {
        printErr(QStringLiteral("usage: pipewright validate FILE..."));
        return 2;
    }
    bool invalid = false;
    bool ioError = false;
    for (const QString &file : files) {
        const core::PipelineLoadResult result = core::PipelineLoader::loadFile(file);
        printDiagnostics(result.diagnostics);
        if (result.ioError)
            ioError = true;
        else if (!result.ok())
            invalid = true;
        else
            std::printf("%s: valid (%lld stages)\n", qPrintable(file),
                        static_cast<long long>(result.pipeline.stages.size()));
    }
    return ioError ? 2 : invalid ? 1 : 0;
}

int importCommand(const QStringList &args)
{
    QString input;
    QString output;
    core::ImportFormat format = core::ImportFormat::Auto;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == u"-h" || a == u"--help") {
            std::printf("usage: pipewright import FILE [-o OUT] [--from jenkins|github|gitlab]\n");
            return 0;
        }
        if (a == u"-o" || a == u"--output" || a == u"--from") {
            if (i + 1 >= args.size()) {
                printErr(QStringLiteral("pipewright import: %1 needs a value").arg(a));
                return 2;
            }
            const QString value = args[++i];
            if (a == u"--from") {
                const auto f = core::PipelineImporter::formatFromName(value);
                if (!f) {
                    printErr(QStringLiteral("pipewright import: unknown format '%1'; use "
                                            "jenkins, github or gitlab")
                                 .arg(value));
                    return 2;
                }
                format = *f;
            } else {
                output = value;
            }
        } else if (a.startsWith(u'-')) {
            printErr(QStringLiteral("pipewright import: unknown option '%1'").arg(a));
            return 2;
        } else if (input.isEmpty()) {
            input = a;
        } else {
            printErr(QStringLiteral("pipewright import: one input file at a time"));
            return 2;
        }
    }
    if (input.isEmpty()) {
        printErr(QStringLiteral("usage: pipewright import FILE [-o OUT] [--from "
                                "jenkins|github|gitlab]"));
        return 2;
    }
    const core::ImportResult result = core::PipelineImporter::importFile(input, format);
    printDiagnostics(result.diagnostics);
    if (result.ioError)
        return 2;
    if (!result.ok())
        return 1;
    const QByteArray yaml = core::PipelineWriter::toYaml(result.pipeline);
    if (output.isEmpty()) {
        std::fwrite(yaml.constData(), 1, size_t(yaml.size()), stdout);
        return 0;
    }
    QString error;
    if (!core::PipelineWriter::writeFile(result.pipeline, output, &error)) {
        printErr(QStringLiteral("%1: cannot write: %2").arg(output, error));
        return 2;
    }
    return 0;
}

} // namespace pw::app
