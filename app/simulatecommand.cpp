#include "simulatecommand.h"

#include "core/queueing/analyticqueue.h"
#include "core/queueing/queuesimulator.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <optional>

namespace pw::app {

namespace {

constexpr int exitUsage = 2;
// The model is valid but unstable (ρ ≥ 1): an answer, not a usage error.
constexpr int exitUnstable = 1;

const char usage[] =
    "usage: pipewright simulate --model MODEL --lambda L --mu M [--servers C] [--capacity K]\n"
    "                           [--ca2 X] [--cs2 Y] [--customers N --seed S] [--json]\n"
    "  MODEL: mm1, mmc, mmck, mg1, md1, gg1, ggc; rates in any one time unit\n";

void printErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fprintf(stderr, "pipewright simulate: %s\n", bytes.constData());
}

void printOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

int fail(const QString &message)
{
    printErr(message);
    return exitUsage;
}

struct Options
{
    core::QueueParameters parameters;
    std::optional<qint64> customers;
    std::optional<quint64> seed;
    bool json = false;
    bool servers = false;
    bool capacity = false;
    bool cs2 = false;
};

// A double as JSON: NaN (a figure the model cannot give) becomes null.
QJsonValue number(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonObject estimate(const core::Estimate &e)
{
    return {{QStringLiteral("mean"), number(e.mean)},
            {QStringLiteral("halfWidth"), number(e.halfWidth)}};
}

QString text(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 8) : QStringLiteral("-");
}

QString parseOptions(const QStringList &args, Options &o)
{
    bool haveModel = false, haveLambda = false, haveMu = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString name = args[i];
        QString value;
        bool inlineValue = false;
        if (const qsizetype eq = name.indexOf(u'='); name.startsWith(u"--") && eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            inlineValue = true;
        }
        if (name == u"--json") {
            o.json = true;
            continue;
        }
        static const QStringList valued = {
            QStringLiteral("--model"),    QStringLiteral("--lambda"),   QStringLiteral("--mu"),
            QStringLiteral("--servers"),  QStringLiteral("--capacity"), QStringLiteral("--ca2"),
            QStringLiteral("--cs2"),      QStringLiteral("--customers"),
            QStringLiteral("--seed")};
        if (!valued.contains(name))
            return QStringLiteral("unknown option '%1'").arg(args[i]);
        if (!inlineValue) {
            if (i + 1 >= args.size())
                return QStringLiteral("%1 needs a value").arg(name);
            value = args[++i];
        }
        bool ok = false;
        if (name == u"--model") {
            const auto model = core::queueModelFromName(value);
            if (!model)
                return QStringLiteral("unknown model '%1' (mm1, mmc, mmck, mg1, md1, gg1, ggc)")
                    .arg(value);
            o.parameters.model = *model;
            haveModel = true;
            continue;
        }
        if (name == u"--servers" || name == u"--capacity" || name == u"--customers"
            || name == u"--seed") {
            const qlonglong n = value.toLongLong(&ok);
            if (!ok || (name != u"--seed" && n < 0))
                return QStringLiteral("%1 needs a whole number ≥ 0, not '%2'").arg(name, value);
            if (name == u"--servers") {
                o.parameters.servers = int(std::min<qlonglong>(n, INT_MAX));
                o.servers = true;
            } else if (name == u"--capacity") {
                o.parameters.capacity = int(std::min<qlonglong>(n, INT_MAX));
                o.capacity = true;
            } else if (name == u"--customers") {
                o.customers = n;
            } else {
                o.seed = quint64(n);
            }
            continue;
        }
        const double x = value.toDouble(&ok);
        if (!ok && value.compare(u"nan", Qt::CaseInsensitive) != 0)
            return QStringLiteral("%1 needs a number, not '%2'").arg(name, value);
        if (name == u"--lambda") {
            o.parameters.lambda = ok ? x : std::nan("");
            haveLambda = true;
        } else if (name == u"--mu") {
            o.parameters.mu = ok ? x : std::nan("");
            haveMu = true;
        } else if (name == u"--ca2") {
            o.parameters.ca2 = ok ? x : std::nan("");
        } else {
            o.parameters.cs2 = ok ? x : std::nan("");
            o.cs2 = true;
        }
    }
    if (!haveModel || !haveLambda || !haveMu)
        return QStringLiteral("--model, --lambda and --mu are required");
    if (o.parameters.model == core::QueueModel::MMcK && !o.capacity)
        return QStringLiteral("mmck needs --capacity K");
    if (o.parameters.model == core::QueueModel::MD1 && !o.cs2)
        o.parameters.cs2 = 0.0;
    if (o.seed && !o.customers)
        return QStringLiteral("--seed only makes sense with --customers");
    return {};
}

} // namespace

int simulateCommand(const QStringList &args)
{
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        std::fputs(usage, stdout);
        return 0;
    }
    Options o;
    if (const QString error = parseOptions(args, o); !error.isEmpty()) {
        std::fputs(usage, stderr);
        return fail(error);
    }
    const core::AnalyticQueue queue(o.parameters);
    if (!queue.isValid())
        return fail(queue.error());
    const core::QueueMetrics &m = queue.metrics();
    const QString modelName = core::queueModelName(o.parameters.model);

    QJsonObject json{{QStringLiteral("model"), modelName},
                     {QStringLiteral("stable"), m.stable},
                     {QStringLiteral("exact"), m.exact},
                     {QStringLiteral("rho"), number(m.rho)},
                     {QStringLiteral("L"), number(m.L)},
                     {QStringLiteral("Lq"), number(m.Lq)},
                     {QStringLiteral("W"), number(m.W)},
                     {QStringLiteral("Wq"), number(m.Wq)},
                     {QStringLiteral("P0"), number(m.P0)},
                     {QStringLiteral("Pwait"), number(m.Pwait)},
                     {QStringLiteral("Pblock"), number(m.Pblock)},
                     {QStringLiteral("lambdaEff"), number(m.lambdaEff)}};
    if (!m.stable) {
        if (o.json)
            printOut(QJsonDocument(json).toJson(QJsonDocument::Indented));
        printErr(QStringLiteral("unstable: rho = λ/(cμ) = %1 ≥ 1, the queue grows without "
                                "bound; add servers, raise mu or lower lambda")
                     .arg(m.rho));
        return exitUnstable;
    }
    if (queue.hasWaitDistribution()) {
        QJsonObject percentiles;
        for (int p : {50, 90, 95, 99}) {
            percentiles.insert(QStringLiteral("p%1").arg(p),
                               number(queue.waitPercentile(p / 100.0)));
        }
        json.insert(QStringLiteral("WqPercentiles"), percentiles);
    }

    core::SimulationResult simulated;
    if (o.customers) {
        const core::SimulationConfig config = core::SimulationConfig::fromParameters(
            o.parameters, *o.customers, o.seed.value_or(1));
        simulated = core::QueueSimulator::run(config);
        if (!simulated.error.isEmpty())
            return fail(simulated.error);
        json.insert(QStringLiteral("simulated"),
                    QJsonObject{{QStringLiteral("customers"), *o.customers},
                                {QStringLiteral("seed"), qint64(config.seed)},
                                {QStringLiteral("warmup"), config.effectiveWarmup()},
                                {QStringLiteral("batches"), config.batches},
                                {QStringLiteral("engine"), simulated.engine},
                                {QStringLiteral("confidence"), 0.95},
                                {QStringLiteral("rho"), estimate(simulated.rho)},
                                {QStringLiteral("L"), estimate(simulated.L)},
                                {QStringLiteral("Lq"), estimate(simulated.Lq)},
                                {QStringLiteral("W"), estimate(simulated.W)},
                                {QStringLiteral("Wq"), estimate(simulated.Wq)},
                                {QStringLiteral("P0"), estimate(simulated.P0)},
                                {QStringLiteral("Pwait"), estimate(simulated.Pwait)},
                                {QStringLiteral("Pblock"), estimate(simulated.Pblock)},
                                {QStringLiteral("lambdaEff"), estimate(simulated.lambdaEff)}});
    }

    if (o.json) {
        printOut(QJsonDocument(json).toJson(QJsonDocument::Indented));
        return 0;
    }
    QString out = QStringLiteral("model %1 (%2)\n")
                      .arg(modelName, m.exact ? QStringLiteral("exact")
                                              : QStringLiteral("approximation"));
    out += QStringLiteral("%1 %2 %3\n")
               .arg(QStringLiteral("figure"), -10)
               .arg(QStringLiteral("analytic"), 16)
               .arg(o.customers ? QStringLiteral("simulated (95% CI)") : QString());
    const struct
    {
        const char16_t *name;
        double value;
        const core::Estimate *sim;
    } rows[] = {{u"rho", m.rho, &simulated.rho},       {u"L", m.L, &simulated.L},
                {u"Lq", m.Lq, &simulated.Lq},          {u"W", m.W, &simulated.W},
                {u"Wq", m.Wq, &simulated.Wq},          {u"P0", m.P0, &simulated.P0},
                {u"Pwait", m.Pwait, &simulated.Pwait}, {u"Pblock", m.Pblock, &simulated.Pblock},
                {u"lambdaEff", m.lambdaEff, &simulated.lambdaEff}};
    for (const auto &row : rows) {
        out += QStringLiteral("%1 %2").arg(QString::fromUtf16(row.name), -10).arg(text(row.value), 16);
        if (o.customers)
            out += QStringLiteral(" %1 ± %2").arg(text(row.sim->mean), text(row.sim->halfWidth));
        out += u'\n';
    }
    printOut(out.toUtf8());
    return 0;
}

} // namespace pw::app
