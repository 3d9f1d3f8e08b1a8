#include "daglayout.h"

#include <QHash>

#include <functional>

namespace pw::ui {

bool DagLayout::hasDetailLine(const core::StageSpec &stage)
{
    return !stage.image.isEmpty() || stage.approval.required || !stage.when.isDefault();
}

qreal DagLayout::cardHeight(const core::StageSpec &stage)
{
    const int shown = int(qMin<qsizetype>(stage.steps.size(), MaxStepsShown));
    const bool more = stage.steps.size() > MaxStepsShown;
    const int rows = qMax(1, shown + (more ? 1 : 0)); // an empty stage says "no steps"
    return HeaderHeight + (hasDetailLine(stage) ? DetailHeight : 0) + rows * StepHeight
        + Padding;
}

QList<int> DagLayout::tolerantLevels(const core::Pipeline &pipeline) const
{
    // Longest chain of known needs, by depth-first search; an edge back into the search path
    // closes a cycle and does not count.
    const int count = int(pipeline.stages.size());
    QList<int> level(count, -1);
    QList<bool> onPath(count, false);
    std::function<int(int)> visit = [&](int i) -> int {
        if (level[i] >= 0)
            return level[i];
        onPath[i] = true;
        int result = 0;
        for (const QString &need : pipeline.stages[i].needs) {
            const int j = pipeline.stageIndex(need);
            if (j < 0 || j == i || onPath[j])
                continue;
            result = qMax(result, visit(j) + 1);
        }
        onPath[i] = false;
        level[i] = result;
        return result;
    };
    for (int i = 0; i < count; ++i)
        visit(i);
    return level;
}

void DagLayout::compute(const core::Pipeline &pipeline)
{
    m_nodes.clear();
    m_edges.clear();
    m_size = {};
    m_levelCount = 0;
    m_approximate = false;

    const int count = int(pipeline.stages.size());
    if (count == 0)
        return;

    QList<int> levelOf(count, 0);
    const QList<QStringList> levels = pipeline.levels();
    if (!levels.isEmpty()) {
        for (int l = 0; l < levels.size(); ++l) {
            for (const QString &id : levels[l]) {
                const int index = pipeline.stageIndex(id);
                if (index >= 0)
                    levelOf[index] = l;
            }
        }
    } else {
        m_approximate = true;
        levelOf = tolerantLevels(pipeline);
    }

    // Cards stack top-down in file order within their column.
    QHash<int, qreal> columnBottom;
    QHash<int, int> nodeOfStage;
    for (int i = 0; i < count; ++i) {
        const int level = levelOf[i];
        m_levelCount = qMax(m_levelCount, level + 1);
        const qreal x = Margin + level * (CardWidth + ColumnGap);
        const qreal y = columnBottom.value(level, Margin);
        const qreal height = cardHeight(pipeline.stages[i]);
        nodeOfStage.insert(i, int(m_nodes.size()));
        m_nodes.append(Node{i, level, QRectF(x, y, CardWidth, height)});
        columnBottom.insert(level, y + height + RowGap);
    }

    qreal bottom = 0;
    for (qreal b : std::as_const(columnBottom))
        bottom = qMax(bottom, b);
    m_size = QSizeF(2 * Margin + m_levelCount * CardWidth + (m_levelCount - 1) * ColumnGap,
                    bottom - RowGap + Margin);

    for (int i = 0; i < count; ++i) {
        for (const QString &need : pipeline.stages[i].needs) {
            const int j = pipeline.stageIndex(need);
            if (j < 0)
                continue; // an unknown stage: the Problems list names it
            const int from = nodeOfStage.value(j);
            const int to = nodeOfStage.value(i);
            m_edges.append(Edge{from, to, m_nodes[from].level >= m_nodes[to].level});
        }
    }
}

int DagLayout::nodeAt(const QPointF &point) const
{
    for (int i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].rect.contains(point))
            return i;
    }
    return -1;
}

int DagLayout::nodeForStage(int stageIndex) const
{
    for (int i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].stageIndex == stageIndex)
            return i;
    }
    return -1;
}

} // namespace pw::ui
