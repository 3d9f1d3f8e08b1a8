#pragma once

#include "core/pipeline/diagnostic.h"

#include <QPlainTextEdit>

namespace pw::ui {

class LineNumberArea;

// Read-only, monospace view of the pipeline file's text with line numbers. Problem positions
// are underlined; jumpTo() puts the cursor on a line and column and selects the token there.
class YamlView : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit YamlView(QWidget *parent = nullptr);

    void setDocumentText(const QString &text);
    void setProblems(const core::Diagnostics &diagnostics);
    // 1-based line and column, as in diagnostics. Column 0 selects the whole line.
    void jumpTo(int line, int column);

    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent *event);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect &rect, int dy);
    void updateExtraSelections();

    LineNumberArea *m_lineNumbers;
    QList<QTextEdit::ExtraSelection> m_problemSelections;
};

} // namespace pw::ui
