#include "yamlview.h"

#include <QKeyEvent>
#include <QScrollBar>

#include "linenumberarea.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QPainter>
#include <QTextBlock>

namespace pw::ui {

namespace {

// The extent of the YAML token starting at column (0-based) in line: a key, a scalar, or a
// quoted string. Stops at the mapping colon, flow punctuation and comments.
int tokenLength(const QString &line, int column)
{
    if (column >= line.size())
        return 0;
    const QChar first = line.at(column);
    if (first == QLatin1Char('"') || first == QLatin1Char('\'')) {
        const int close = line.indexOf(first, column + 1);
        return close < 0 ? int(line.size()) - column : close - column + 1;
    }
    int end = column;
    while (end < line.size()) {
        const QChar c = line.at(end);
        const bool colonEnds = c == QLatin1Char(':')
            && (end + 1 >= line.size() || line.at(end + 1).isSpace());
        if (colonEnds || c == QLatin1Char(',') || c == QLatin1Char(']')
            || c == QLatin1Char('}') || c == QLatin1Char('#'))
            break;
        ++end;
    }
    while (end > column && line.at(end - 1).isSpace())
        --end;
    return end - column;
}

} // namespace

YamlView::YamlView(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_lineNumbers(new LineNumberArea(this))
{
    setReadOnly(true);
    // Read-only, but the caret stays visible and keyboard-movable so a jump shows where it lands.
    setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    // Some monospace fonts fontconfig prefers (Noto Sans Mono) say they are not fixed-pitch,
    // and Qt then lays them out proportionally: ask for one that says so.
    if (!QFontInfo(font).fixedPitch()) {
        font.setFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Liberation Mono"),
                          QStringLiteral("Noto Mono")});
        font.setStyleHint(QFont::Monospace);
        font.setFixedPitch(true);
    }
    setFont(font);
    setPlaceholderText(tr("Open a pipeline file (File › Open) to see its YAML here."));

    connect(this, &QPlainTextEdit::blockCountChanged, this,
            &YamlView::updateLineNumberAreaWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &YamlView::updateLineNumberArea);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this,
            &YamlView::updateExtraSelections);
    updateLineNumberAreaWidth();
}

void YamlView::setDocumentText(const QString &text)
{
    m_problemSelections.clear();
    const int position = textCursor().position();
    const int scroll = verticalScrollBar()->value();
    setPlainText(text);
    if (!isReadOnly()) {
        QTextCursor cursor = textCursor();
        cursor.setPosition(qMin(position, int(document()->characterCount()) - 1));
        setTextCursor(cursor);
        verticalScrollBar()->setValue(scroll);
    }
    updateExtraSelections();
}

void YamlView::setEditable(bool editable)
{
    setReadOnly(!editable);
    setUndoRedoEnabled(false);
    setTextInteractionFlags(editable ? Qt::TextEditorInteraction
                                     : Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
}

void YamlView::keyPressEvent(QKeyEvent *event)
{
    if (!isReadOnly() && event->matches(QKeySequence::Undo)) {
        emit undoRequested();
        return;
    }
    if (!isReadOnly() && event->matches(QKeySequence::Redo)) {
        emit redoRequested();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void YamlView::setProblems(const core::Diagnostics &diagnostics)
{
    m_problemSelections.clear();
    for (const core::Diagnostic &d : diagnostics) {
        if (!d.location.isValid())
            continue;
        const QTextBlock block = document()->findBlockByNumber(d.location.line - 1);
        if (!block.isValid())
            continue;
        const int column = qMax(0, d.location.column - 1);
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + qMin(column, block.length() - 1));
        const int length = qMax(1, tokenLength(block.text(), column));
        cursor.setPosition(qMin(cursor.position() + length, block.position() + block.length()
                                    - 1),
                           QTextCursor::KeepAnchor);
        QTextEdit::ExtraSelection selection;
        selection.cursor = cursor;
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selection.format.setUnderlineColor(d.severity == core::Diagnostic::Severity::Error
                                               ? QColor(0xd6, 0x45, 0x41)
                                               : QColor(0xc9, 0x8f, 0x0c));
        m_problemSelections << selection;
    }
    updateExtraSelections();
}

void YamlView::jumpTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(qMax(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    if (column <= 0) {
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    } else {
        const int start = qMin(column - 1, block.length() - 1);
        cursor.setPosition(block.position() + start);
        const int length = tokenLength(block.text(), start);
        cursor.setPosition(block.position() + start + length, QTextCursor::KeepAnchor);
    }
    setTextCursor(cursor);
    centerCursor();
    setFocus(Qt::OtherFocusReason);
}

int YamlView::lineNumberAreaWidth() const
{
    int digits = 1;
    for (int max = qMax(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    digits = qMax(digits, 3);
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void YamlView::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumbers);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    painter.setFont(font());

    const int currentBlock = textCursor().blockNumber();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    const int width = m_lineNumbers->width() - 6;
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            painter.setPen(block.blockNumber() == currentBlock
                               ? pal.color(QPalette::Text)
                               : pal.color(QPalette::PlaceholderText));
            painter.drawText(0, top, width, fontMetrics().height(), Qt::AlignRight,
                             QString::number(block.blockNumber() + 1));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

void YamlView::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_lineNumbers->setGeometry(
        QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void YamlView::updateLineNumberAreaWidth()
{
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void YamlView::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy != 0)
        m_lineNumbers->scroll(0, dy);
    else
        m_lineNumbers->update(0, rect.y(), m_lineNumbers->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateLineNumberAreaWidth();
}

void YamlView::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    QTextEdit::ExtraSelection current;
    current.format.setBackground(QColor(0xf2, 0xf6, 0xfc));
    current.format.setProperty(QTextFormat::FullWidthSelection, true);
    current.cursor = textCursor();
    current.cursor.clearSelection();
    selections << current << m_problemSelections;
    setExtraSelections(selections);
    m_lineNumbers->update();
}

} // namespace pw::ui
