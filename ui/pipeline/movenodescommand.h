#pragma once

#include "undocommandid.h"

#include <QHash>
#include <QPointF>
#include <QUndoCommand>

namespace pw::ui {

class PipelineDocument;

// Moves stage nodes in the layout (never in the pipeline's meaning). Every mouse-move of one
// drag pushes one of these; they merge until the drag ends, so one drag is one undo step.
class MoveNodesCommand : public QUndoCommand
{
public:
    MoveNodesCommand(PipelineDocument *document, const QHash<QString, QPointF> &before,
                     const QHash<QString, QPointF> &after, quint64 dragId);

    void undo() override;
    void redo() override;
    int id() const override { return int(UndoCommandId::MoveNodes); }
    bool mergeWith(const QUndoCommand *other) override;

private:
    PipelineDocument *m_document;
    QHash<QString, QPointF> m_before;
    QHash<QString, QPointF> m_after;
    quint64 m_dragId;
};

} // namespace pw::ui
