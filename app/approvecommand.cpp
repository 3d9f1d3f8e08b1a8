#include "approvecommand.h"

#include "core/store/runstore.h"

#include <cstdio>

namespace pw::app {

namespace {

int decide(const QStringList &args, bool approve)
{
    const char *verb = approve ? "approve" : "reject";
    if (args.size() != 2 || args.contains(QStringLiteral("--help"))) {
        std::fprintf(stderr, "usage: pipewright %s RUN STAGE\n", verb);
        return 2;
    }
    bool ok = false;
    const qint64 runId = args.at(0).toLongLong(&ok);
    if (!ok || runId <= 0) {
        std::fprintf(stderr, "pipewright %s: '%s' is not a run number\n", verb,
                     qPrintable(args.at(0)));
        return 2;
    }
    core::RunStore store;
    if (!store.open()) {
        std::fprintf(stderr, "pipewright %s: %s\n", verb, qPrintable(store.errorString()));
        return 2;
    }
    const QString who = qEnvironmentVariable("USER");
    if (!store.decideApproval(runId, args.at(1), approve, who)) {
        std::fprintf(stderr, "pipewright %s: %s\n", verb, qPrintable(store.errorString()));
        return 1;
    }
    std::printf("run %lld stage %s %s\n", static_cast<long long>(runId), qPrintable(args.at(1)),
                approve ? "approved" : "rejected");
    return 0;
}

} // namespace

int approveCommand(const QStringList &args) { return decide(args, true); }
int rejectCommand(const QStringList &args) { return decide(args, false); }

} // namespace pw::app
