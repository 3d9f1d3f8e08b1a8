#include "steprunnerregistry.h"

#include <QSet>

namespace pw::core {

void StepRunnerRegistry::add(const QString &kind, Factory factory)
{
    m_factories.insert(kind, std::move(factory));
}

void StepRunnerRegistry::addInImage(const QString &kind, Factory factory)
{
    m_inImage.insert(kind, std::move(factory));
}

void StepRunnerRegistry::addRunCleanup(const QString &kind, RunCleanup cleanup)
{
    m_cleanups.insert(kind, std::move(cleanup));
}

StepRunner *StepRunnerRegistry::create(const StepContext &context, QObject *parent,
                                       QString *error) const
{
    const QString &kind = context.step.kind;
    if (!context.stage.image.isEmpty()) {
        const auto inImage = m_inImage.constFind(kind);
        if (inImage != m_inImage.cend())
            return (*inImage)(context, parent, error);
    }
    const auto factory = m_factories.constFind(kind);
    if (factory == m_factories.cend()) {
        *error = QStringLiteral("step kind %1 is not supported by this build yet").arg(kind);
        return nullptr;
    }
    return (*factory)(context, parent, error);
}

QList<StepRunnerRegistry::RunCleanup> StepRunnerRegistry::cleanupsFor(
    const Pipeline &pipeline) const
{
    QList<RunCleanup> out;
    QSet<QString> seen;
    for (const StageSpec &stage : pipeline.stages) {
        for (const StepSpec &step : stage.steps) {
            if (seen.contains(step.kind))
                continue;
            seen.insert(step.kind);
            const auto cleanup = m_cleanups.constFind(step.kind);
            if (cleanup != m_cleanups.cend())
                out << *cleanup;
        }
    }
    return out;
}

} // namespace pw::core
