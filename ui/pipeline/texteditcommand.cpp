#include "texteditcommand.h"

#include "pipelinedocument.h"

namespace pw::ui {

TextEditCommand::TextEditCommand(PipelineDocument *document, const QString &label,
                                 const QString &before, const QString &after,
                                 UndoCommandId mergeId, const QString &mergeKey)
    : QUndoCommand(label)
    , m_document(document)
    , m_before(before)
    , m_after(after)
    , m_mergeId(mergeId)
    , m_mergeKey(mergeKey)
{
}

void TextEditCommand::undo()
{
    m_document->applyText(m_before);
}

void TextEditCommand::redo()
{
    m_document->applyText(m_after);
}

bool TextEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const TextEditCommand *>(other);
    if (next->m_mergeKey != m_mergeKey)
        return false;
    m_after = next->m_after;
    return true;
}

} // namespace pw::ui
