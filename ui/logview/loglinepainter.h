#pragma once

#include "core/logs/styledline.h"

#include <QColor>
#include <QFont>
#include <QFontMetricsF>
#include <QList>
#include <QString>

class QPainter;

namespace pw::ui {

// Paints one display row of the log view: gutter (fold arrow, line number, timestamp) and
// the styled text with search highlights and selection, in a fixed-pitch font so columns
// are plain arithmetic. Holds the theme (dark, xterm-like palette). Owned by LogView.
class LogLinePainter
{
public:
    struct Row
    {
        qint64 line = 0;
        const pw::core::StyledLine *text = nullptr;
        int firstColumn = 0;    // of this wrapped piece
        int columns = 0;        // piece length
        bool firstPiece = true;
        int foldState = 0;      // 0 none, 1 open header, 2 folded header
        int depth = 0;
        bool failed = false;
        bool dimmed = false;    // Buildkite ~~~ and end markers
        QString groupInfo;      // duration etc., after the header text
        QString timestamp;
        QList<std::pair<int, int>> hits;
        bool currentHit = false;
        int selectionStart = -1; // columns, end exclusive
        int selectionEnd = -1;
        bool stderrLine = false;
    };

    LogLinePainter();

    void setFont(const QFont &font);
    QFont font() const { return m_font; }
    qreal lineHeight() const { return m_lineHeight; }
    qreal charWidth() const { return m_charWidth; }
    void setLineNumberDigits(int digits) { m_digits = std::max(digits, 3); }
    void setShowLineNumbers(bool show) { m_showNumbers = show; }
    void setTimestampChars(int chars) { m_timestampChars = chars; }
    qreal gutterWidth() const;
    QColor background() const { return m_background; }

    // Paints a row at `top`; x0 is the horizontal scroll offset in pixels.
    void paint(QPainter &p, qreal top, qreal width, qreal x0, const Row &row) const;
    QColor colour(quint32 code, bool foreground) const;

private:
    QFont m_font;
    QFont m_bold;
    qreal m_lineHeight = 16;
    qreal m_charWidth = 8;
    qreal m_ascent = 12;
    int m_digits = 3;
    int m_timestampChars = 0;
    bool m_showNumbers = true;
    QColor m_background{0x1e, 0x1f, 0x22};
    QColor m_foreground{0xd4, 0xd4, 0xd4};
    QColor m_gutter{0x6b, 0x70, 0x78};
    QColor m_palette[16];
};

} // namespace pw::ui
