#pragma once

#include "core/pipeline/diagnostic.h"

#include <QPlainTextEdit>

namespace pw::ui {

class LineNumberArea;

// Monospace view of the pipeline file's text with line numbers, read-only unless made
// editable (the Pipeline area's YAML pane is). Problem positions are underlined; jumpTo() puts
// the cursor on a line and column and selects the token there. When editable, Undo and Redo
// keys are passed on (undoRequested/redoRequested): the document's one undo stack serves both
// the graph and the text.
class YamlView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit YamlView(QWidget *parent = nullptr);

    // Replaces the text, keeping the cursor and scroll position where they were.
    void setDocumentText(const QString &text);
    void setEditable(bool editable);
    void setProblems(const core::Diagnostics &diagnostics);
    // 1-based line and column, as in diagnostics. Column 0 selects the whole line.
    void jumpTo(int line, int column);

    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent *event);

signals:
    void undoRequested();
    void redoRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect &rect, int dy);
    void updateExtraSelections();

    LineNumberArea *m_lineNumbers;
    QList<QTextEdit::ExtraSelection> m_problemSelections;
};

} // namespace pw::ui
