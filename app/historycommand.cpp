#include "historycommand.h"

#include "core/store/runstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace pw::app {

namespace {

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODateWithMs) : QString();
}

QString duration(const core::RunRecord &r)
{
    if (r.startedAt == 0 || r.finishedAt == 0)
        return QStringLiteral("-");
    return QStringLiteral("%1s").arg(double(r.finishedAt - r.startedAt) / 1000.0, 0, 'f', 1);
}

} // namespace

int historyCommand(const QStringList &args)
{
    bool json = false;
    int limit = 50;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == u"--json") {
            json = true;
        } else if (args[i] == u"--limit" && i + 1 < args.size()) {
            limit = args[++i].toInt();
        } else {
            std::fprintf(stderr, "usage: pipewright history [--json] [--limit N]\n");
            return 2;
        }
    }
    core::RunStore store;
    if (!store.open()) {
        std::fprintf(stderr, "pipewright history: %s\n", qPrintable(store.errorString()));
        return 2;
    }
    const QList<core::RunRecord> runs = store.runs(limit);
    if (json) {
        QJsonArray array;
        for (const core::RunRecord &r : runs) {
            QJsonArray stages;
            for (const core::StageRecord &s : store.stages(r.id)) {
                stages.append(QJsonObject{{QStringLiteral("id"), s.stageId},
                                          {QStringLiteral("status"), core::toString(s.status)},
                                          {QStringLiteral("startedAt"), isoTime(s.startedAt)},
                                          {QStringLiteral("finishedAt"), isoTime(s.finishedAt)},
                                          {QStringLiteral("message"), s.message}});
            }
            array.append(QJsonObject{
                {QStringLiteral("id"), r.id},
                {QStringLiteral("pipeline"), r.pipelineName},
                {QStringLiteral("file"), r.pipelineFile},
                {QStringLiteral("status"), core::toString(r.status)},
                {QStringLiteral("trigger"), r.trigger},
                {QStringLiteral("commit"), r.commit},
                {QStringLiteral("branch"), r.branch},
                {QStringLiteral("queuedAt"), isoTime(r.queuedAt)},
                {QStringLiteral("startedAt"), isoTime(r.startedAt)},
                {QStringLiteral("finishedAt"), isoTime(r.finishedAt)},
                {QStringLiteral("message"), r.message},
                {QStringLiteral("stages"), stages},
            });
        }
        const QByteArray out = QJsonDocument(array).toJson(QJsonDocument::Indented);
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        return 0;
    }
    std::printf("%-6s %-18s %-20s %-8s %-12s %-9s %-19s %s\n", "RUN", "STATUS", "PIPELINE",
                "TRIGGER", "BRANCH", "COMMIT", "QUEUED", "DURATION");
    for (const core::RunRecord &r : runs) {
        std::printf("%-6lld %-18s %-20s %-8s %-12s %-9s %-19s %s\n",
                    static_cast<long long>(r.id), qPrintable(core::toString(r.status)),
                    qPrintable(r.pipelineName.left(20)), qPrintable(r.trigger),
                    qPrintable(r.branch.left(12)), qPrintable(r.commit.left(8)),
                    qPrintable(QDateTime::fromMSecsSinceEpoch(r.queuedAt)
                                   .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
                    qPrintable(duration(r)));
    }
    return 0;
}

} // namespace pw::app
