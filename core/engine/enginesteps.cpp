#include "enginesteps.h"

#include "gatesteprunner.h"
#include "shellsteprunner.h"

#include "core/run/steprunnerregistry.h"

#include <QDir>

namespace pw::core {

namespace {

QVariantMap toMap(const QVariant &value)
{
    if (value.canConvert<QVariantMap>() && !value.toMap().isEmpty())
        return value.toMap();
    // Tolerate "metric: threshold" lines, the way a hand-written list reads.
    QVariantMap map;
    for (const QString &line : value.toStringList()) {
        const int colon = line.indexOf(u':');
        if (colon > 0)
            map.insert(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
    }
    return map;
}

} // namespace

void addEngineSteps(StepRunnerRegistry &registry)
{
    // The command goes to the shell as written: variables reach it only as environment.
    registry.add(QStringLiteral("run"),
                 [](const StepContext &c, QObject *parent, QString *) -> StepRunner * {
                     return new ShellStepRunner(c.param(QStringLiteral("command")),
                                                c.param(QStringLiteral("shell")),
                                                c.workingDirectory, c.env, c.killGraceMs,
                                                parent);
                 });
    registry.add(QStringLiteral("gate"),
                 [](const StepContext &c, QObject *parent, QString *) -> StepRunner * {
                     return new GateStepRunner(
                         QDir(c.workingDirectory)
                             .absoluteFilePath(c.param(QStringLiteral("metrics"))),
                         toMap(c.step.params.value(QStringLiteral("thresholds"))), parent);
                 });
}

} // namespace pw::core
