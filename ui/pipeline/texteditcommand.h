#pragma once

#include "undocommandid.h"

#include <QString>
#include <QUndoCommand>

namespace pw::ui {

class PipelineDocument;

// One edit of the pipeline's text, from the graph, the inspector or the YAML pane: it keeps
// the text before and after, since the text is the truth the model is re-read from.
// Commands with a merge key (typing, one inspector field) fold into the previous one.
class TextEditCommand : public QUndoCommand
{
public:
    TextEditCommand(PipelineDocument *document, const QString &label,
                    const QString &before, const QString &after,
                    UndoCommandId mergeId = UndoCommandId::None,
                    const QString &mergeKey = QString());

    void undo() override;
    void redo() override;
    int id() const override { return int(m_mergeId); }
    bool mergeWith(const QUndoCommand *other) override;

private:
    PipelineDocument *m_document;
    QString m_before;
    QString m_after;
    UndoCommandId m_mergeId;
    QString m_mergeKey;
};

} // namespace pw::ui
