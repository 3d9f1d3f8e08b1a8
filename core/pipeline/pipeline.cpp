#include "pipeline.h"

#include <QHash>

#include <functional>

namespace pw::core {

bool isValidEnvName(const QString &name)
{
    if (name.isEmpty() || name.at(0).isDigit())
        return false;
    for (const QChar c : name) {
        if (!(c == u'_' || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
              || (c >= u'0' && c <= u'9')))
            return false;
    }
    return true;
}

void setEnv(EnvList &env, const QString &name, const QString &value)
{
    for (EnvVar &v : env) {
        if (v.name == name) {
            v.value = value;
            return;
        }
    }
    env.append({name, value});
}

QString StepSpec::displayName() const
{
    if (!name.isEmpty())
        return name;
    const QString primary = params.value(kind == u"run" ? QStringLiteral("command")
                                                        : QString()).toString();
    if (!primary.isEmpty())
        return primary.section(QLatin1Char('\n'), 0, 0).trimmed();
    return kind;
}

int Pipeline::stageIndex(const QString &id) const
{
    for (int i = 0; i < stages.size(); ++i) {
        if (stages[i].id == id)
            return i;
    }
    return -1;
}

const StageSpec *Pipeline::stage(const QString &id) const
{
    const int i = stageIndex(id);
    return i < 0 ? nullptr : &stages[i];
}

const EnvironmentSpec *Pipeline::environment(const QString &envName) const
{
    for (const EnvironmentSpec &e : environments) {
        if (e.name == envName)
            return &e;
    }
    return nullptr;
}

QList<int> Pipeline::topologicalOrder() const
{
    // Kahn's algorithm, always taking the lowest file index that is ready, so the order is
    // deterministic and follows the file where the DAG leaves a choice.
    QHash<QString, int> index;
    for (int i = 0; i < stages.size(); ++i)
        index.insert(stages[i].id, i);
    QList<int> pending(stages.size(), 0);
    QList<QList<int>> dependents(stages.size());
    for (int i = 0; i < stages.size(); ++i) {
        for (const QString &need : stages[i].needs) {
            const auto it = index.constFind(need);
            if (it == index.constEnd())
                return {};
            ++pending[i];
            dependents[*it].append(i);
        }
    }
    QList<int> order;
    QList<bool> done(stages.size(), false);
    while (order.size() < stages.size()) {
        int next = -1;
        for (int i = 0; i < stages.size(); ++i) {
            if (!done[i] && pending[i] == 0) {
                next = i;
                break;
            }
        }
        if (next < 0)
            return {};
        done[next] = true;
        order.append(next);
        for (int d : dependents[next])
            --pending[d];
    }
    return order;
}

QList<QStringList> Pipeline::levels() const
{
    const QList<int> order = topologicalOrder();
    if (order.size() != stages.size())
        return {};
    QList<int> level(stages.size(), 0);
    int maxLevel = -1;
    for (int i : order) {
        for (const QString &need : stages[i].needs)
            level[i] = std::max(level[i], level[stageIndex(need)] + 1);
        maxLevel = std::max(maxLevel, level[i]);
    }
    QList<QStringList> result(maxLevel + 1);
    for (int i = 0; i < stages.size(); ++i)
        result[level[i]].append(stages[i].id);
    return result;
}

QStringList Pipeline::findCycle() const
{
    // Depth-first search with colours; the grey path at a back edge is the cycle.
    QHash<QString, int> index;
    for (int i = 0; i < stages.size(); ++i)
        index.insert(stages[i].id, i);
    enum Colour { White, Grey, Black };
    QList<Colour> colour(stages.size(), White);
    QList<int> path;

    std::function<QStringList(int)> visit = [&](int i) -> QStringList {
        colour[i] = Grey;
        path.append(i);
        for (const QString &need : stages[i].needs) {
            const auto it = index.constFind(need);
            if (it == index.constEnd())
                continue;
            const int j = *it;
            if (colour[j] == Grey) {
                QStringList cycle;
                for (int k = path.indexOf(j); k < path.size(); ++k)
                    cycle.append(stages[path[k]].id);
                cycle.append(stages[j].id);
                return cycle;
            }
            if (colour[j] == White) {
                QStringList found = visit(j);
                if (!found.isEmpty())
                    return found;
            }
        }
        path.removeLast();
        colour[i] = Black;
        return {};
    };
    for (int i = 0; i < stages.size(); ++i) {
        if (colour[i] == White) {
            QStringList found = visit(i);
            if (!found.isEmpty())
                return found;
        }
    }
    return {};
}

QStringList Pipeline::cycleIfNeeded(const QString &stageId, const QString &need) const
{
    // The new edge stageId → need closes a cycle when need already reaches stageId through
    // needs; breadth-first, so the path reported is a shortest one.
    if (stageId == need)
        return {stageId, stageId};
    QHash<QString, QString> cameFrom;
    QList<QString> queue{need};
    cameFrom.insert(need, QString());
    for (qsizetype head = 0; head < queue.size(); ++head) {
        const QString current = queue[head];
        if (current == stageId) {
            QStringList path;
            for (QString at = stageId; !at.isEmpty(); at = cameFrom.value(at))
                path.prepend(at);
            path.prepend(stageId);
            return path;
        }
        if (const StageSpec *s = stage(current)) {
            for (const QString &n : s->needs) {
                if (!cameFrom.contains(n)) {
                    cameFrom.insert(n, current);
                    queue.append(n);
                }
            }
        }
    }
    return {};
}

Pipeline Pipeline::withoutStages(const QStringList &ids) const
{
    Pipeline subset = *this;
    subset.stages.clear();
    for (const StageSpec &s : stages) {
        if (ids.contains(s.id))
            continue;
        StageSpec copy = s;
        copy.needs.clear();
        copy.needsLocations.clear();
        for (int i = 0; i < s.needs.size(); ++i) {
            if (!ids.contains(s.needs[i])) {
                copy.needs << s.needs[i];
                if (i < s.needsLocations.size())
                    copy.needsLocations << s.needsLocations[i];
            }
        }
        subset.stages << copy;
    }
    return subset;
}

} // namespace pw::core
