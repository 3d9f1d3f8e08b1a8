#pragma once

#include <QHash>
#include <QPointF>
#include <QSet>
#include <QUndoCommand>

namespace pw::ui {

class PipelineDocument;

// "Arrange": forgets the nodes a person placed by hand and lays them all out again.
// Undo gives the hand-placed positions back.
class AutoLayoutCommand : public QUndoCommand
{
public:
    AutoLayoutCommand(PipelineDocument *document, const QSet<QString> &pinned,
                      const QHash<QString, QPointF> &positions);

    void undo() override;
    void redo() override;

private:
    PipelineDocument *m_document;
    QSet<QString> m_pinned;
    QHash<QString, QPointF> m_positions;
};

} // namespace pw::ui
