#include "movenodescommand.h"

#include "pipelinedocument.h"

namespace pw::ui {

MoveNodesCommand::MoveNodesCommand(PipelineDocument *document,
                                   const QHash<QString, QPointF> &before,
                                   const QHash<QString, QPointF> &after, quint64 dragId)
    : QUndoCommand(QObject::tr("Move stages"))
    , m_document(document)
    , m_before(before)
    , m_after(after)
    , m_dragId(dragId)
{
}

void MoveNodesCommand::undo()
{
    m_document->applyPositions(m_before, false);
}

void MoveNodesCommand::redo()
{
    m_document->applyPositions(m_after, true);
}

bool MoveNodesCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const MoveNodesCommand *>(other);
    if (next->m_dragId != m_dragId)
        return false;
    // Keep the first "before" of each node and the last "after".
    for (auto it = next->m_before.cbegin(); it != next->m_before.cend(); ++it) {
        if (!m_before.contains(it.key()))
            m_before.insert(it.key(), it.value());
    }
    for (auto it = next->m_after.cbegin(); it != next->m_after.cend(); ++it)
        m_after.insert(it.key(), it.value());
    return true;
}

} // namespace pw::ui
