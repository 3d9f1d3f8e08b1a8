#pragma once

#include "stepcontext.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

class QObject;

namespace pw::core {

class StepRunner;

// Which runner runs a step of each kind. The engine asks it for a runner and names no kind
// itself; the modules that implement kinds (engine's shell and gate, docker, kube, deploy)
// add theirs, and core/steps puts the built-in set together. A kind may also have a runner
// for stages with an `image:` (the step runs inside that image) and a clean-up that runs
// once after every run that used the kind (e.g. removing its service containers).
// Copied by value into each run; immutable once the engine has it.
class StepRunnerRegistry
{
public:
    // Returns a runner parented to `parent`, or null with *error saying why.
    using Factory = std::function<StepRunner *(const StepContext &context, QObject *parent,
                                               QString *error)>;
    // Runs on a worker thread after the run ended; must not touch the run's objects.
    using RunCleanup = std::function<void(const QString &runKey)>; // see runKey()

    void add(const QString &kind, Factory factory);
    // For steps of `kind` in a stage with an image.
    void addInImage(const QString &kind, Factory factory);
    void addRunCleanup(const QString &kind, RunCleanup cleanup);

    bool supports(const QString &kind) const { return m_factories.contains(kind); }
    QStringList kinds() const { return m_factories.keys(); }
    StepRunner *create(const StepContext &context, QObject *parent, QString *error) const;
    // The clean-ups of the kinds that `pipeline` uses, once each.
    QList<RunCleanup> cleanupsFor(const Pipeline &pipeline) const;

private:
    QHash<QString, Factory> m_factories;
    QHash<QString, Factory> m_inImage;
    QHash<QString, RunCleanup> m_cleanups;
};

} // namespace pw::core
