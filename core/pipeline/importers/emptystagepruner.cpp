#include "emptystagepruner.h"

#include <QHash>
#include <QSet>

namespace pw::core {

void EmptyStagePruner::prune(Pipeline &pipeline,
                             const std::function<void(const StageSpec &)> &onRemoved)
{
    QHash<QString, QStringList> removedNeeds; // removed stage → what it needed
    for (const StageSpec &s : std::as_const(pipeline.stages)) {
        if (s.steps.isEmpty())
            removedNeeds.insert(s.id, s.needs);
    }
    if (removedNeeds.isEmpty())
        return;

    // Needs usually point backwards, so resolving in file order reuses earlier results and
    // stays flat; a worklist handles the rest without recursion.
    QHash<QString, QStringList> resolved;
    auto expand = [&](const QStringList &needs) {
        QStringList out;
        QSet<QString> seen;
        QStringList work = needs;
        while (!work.isEmpty()) {
            const QString id = work.takeFirst();
            if (seen.contains(id))
                continue;
            seen.insert(id);
            if (!removedNeeds.contains(id)) {
                if (!out.contains(id))
                    out.append(id);
            } else if (resolved.contains(id)) {
                for (const QString &r : resolved.value(id)) {
                    if (!out.contains(r))
                        out.append(r);
                }
            } else {
                work = removedNeeds.value(id) + work;
            }
        }
        return out;
    };
    QList<StageSpec> kept;
    for (StageSpec s : std::as_const(pipeline.stages)) {
        const QStringList needs = expand(s.needs);
        if (s.steps.isEmpty()) {
            resolved.insert(s.id, needs);
            if (onRemoved)
                onRemoved(s);
            continue;
        }
        if (needs != s.needs) {
            s.needs = needs;
            s.needsLocations = QList<SourceLocation>(needs.size(), s.location);
        }
        kept.append(s);
    }
    pipeline.stages = kept;
}

} // namespace pw::core
