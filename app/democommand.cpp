#include "democommand.h"

#include "core/git/demoproject.h"

#include <cstdio>

namespace pw::app {

namespace {

void printErr(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fputc('\n', stderr);
}

} // namespace

int demoCommand(const QStringList &args)
{
    const char *usage = "usage: pipewright demo create DIR\n"
                        "  copies the demo project (a scikit-learn model trained, gated, served\n"
                        "  and shipped blue/green) into DIR, a new or empty folder, as a git\n"
                        "  repository on branch main with one commit\n";
    if (args.size() == 1 && (args[0] == u"-h" || args[0] == u"--help")) {
        std::printf("%s", usage);
        return 0;
    }
    if (args.size() != 2 || args[0] != u"create" || args[1].startsWith(u'-')) {
        std::fprintf(stderr, "%s", usage);
        return 2;
    }
    const core::DemoProject::Result r = core::DemoProject::create(args[1]);
    if (!r.ok) {
        printErr(QStringLiteral("pipewright demo: %1").arg(r.error));
        return 1;
    }
    std::printf("%s\n", qPrintable(r.pipelineFile));
    printErr(QStringLiteral("demo project created in %1 (commit %2 on main); run it with\n"
                            "  pipewright run %3")
                 .arg(r.directory, r.commit.left(12), r.pipelineFile));
    return 0;
}

} // namespace pw::app
