#include "autolayoutcommand.h"

#include "pipelinedocument.h"

namespace pw::ui {

AutoLayoutCommand::AutoLayoutCommand(PipelineDocument *document,
                                     const QSet<QString> &pinned,
                                     const QHash<QString, QPointF> &positions)
    : QUndoCommand(QObject::tr("Arrange stages"))
    , m_document(document)
    , m_pinned(pinned)
    , m_positions(positions)
{
}

void AutoLayoutCommand::undo()
{
    QHash<QString, QPointF> pinnedPositions;
    for (const QString &id : m_pinned)
        pinnedPositions.insert(id, m_positions.value(id));
    m_document->applyPositions(pinnedPositions, true);
}

void AutoLayoutCommand::redo()
{
    m_document->applyPinned({});
}

} // namespace pw::ui
