#include "loglinepainter.h"

#include <QPainter>

using namespace pw::core;

namespace pw::ui {

LogLinePainter::LogLinePainter()
{
    // Tuned for a dark background: the xterm defaults make blue unreadable.
    const QRgb palette[16] = {0x3b3f45, 0xf0605a, 0x7cc46a, 0xe5c07b, 0x61a6f0, 0xc678dd,
                              0x56b6c2, 0xd4d4d4, 0x7f848e, 0xff7b72, 0x9be28a, 0xf2d58f,
                              0x8cc4ff, 0xdf9cf0, 0x7fd6e0, 0xffffff};
    for (int i = 0; i < 16; ++i)
        m_palette[i] = QColor::fromRgb(palette[i]);
    QFont font(QStringLiteral("monospace"));
    font.setStyleHint(QFont::TypeWriter);
    font.setPointSizeF(10);
    setFont(font);
}

void LogLinePainter::setFont(const QFont &font)
{
    m_font = font;
    m_font.setFixedPitch(true);
    m_bold = m_font;
    m_bold.setBold(true);
    const QFontMetricsF metrics(m_font);
    m_lineHeight = std::ceil(metrics.height() + 2);
    m_charWidth = metrics.horizontalAdvance(QLatin1Char('M'));
    m_ascent = metrics.ascent() + 1;
}

qreal LogLinePainter::gutterWidth() const
{
    const int chars = 2 + (m_showNumbers ? m_digits + 1 : 0)
                      + (m_timestampChars > 0 ? m_timestampChars + 1 : 0);
    return chars * m_charWidth + 6;
}

QColor LogLinePainter::colour(quint32 code, bool foreground) const
{
    if (code == 0)
        return foreground ? m_foreground : m_background;
    const quint32 value = code & 0xffffff;
    if (code & AnsiStyle::Rgb)
        return QColor::fromRgb(value);
    const int index = int(value & 0xff);
    if (index < 16)
        return m_palette[index];
    if (index < 232) { // 6×6×6 cube
        const int i = index - 16;
        const auto level = [](int v) { return v == 0 ? 0 : 55 + v * 40; };
        return QColor(level(i / 36), level((i / 6) % 6), level(i % 6));
    }
    const int grey = 8 + (index - 232) * 10;
    return QColor(grey, grey, grey);
}

void LogLinePainter::paint(QPainter &p, qreal top, qreal width, qreal x0, const Row &row) const
{
    const qreal h = m_lineHeight;
    const qreal gutter = gutterWidth();
    const qreal base = top + m_ascent;
    if (row.failed && row.foldState != 0)
        p.fillRect(QRectF(0, top, width, h), QColor(0x4a, 0x24, 0x26));
    else if (row.foldState != 0)
        p.fillRect(QRectF(0, top, width, h), QColor(0x27, 0x2a, 0x30));
    else if (row.stderrLine)
        p.fillRect(QRectF(gutter, top, width - gutter, h), QColor(0x2c, 0x22, 0x24));

    // Text first (it scrolls horizontally), then the gutter over it.
    const QString &text = row.text ? row.text->text : QString();
    const qreal textX = gutter + 4 + row.depth * 0 - x0;
    const int from = row.firstColumn;
    const int to = std::min<int>(int(text.size()), from + row.columns);
    auto xOf = [&](int col) { return textX + (col - from) * m_charWidth; };

    if (row.selectionStart >= 0 && row.selectionEnd > row.selectionStart) {
        const int s = std::max(row.selectionStart, from);
        const int e = std::min(row.selectionEnd, std::max(to, from + 1));
        if (e > s)
            p.fillRect(QRectF(xOf(s), top, (e - s) * m_charWidth, h), QColor(0x26, 0x4f, 0x78));
    }
    for (const auto &[start, length] : row.hits) {
        const int s = std::max(start, from);
        const int e = std::min(start + length, to);
        if (e > s)
            p.fillRect(QRectF(xOf(s), top + 1, (e - s) * m_charWidth, h - 2),
                       row.currentHit ? QColor(0xff, 0x9f, 0x1a) : QColor(0x8a, 0x6d, 0x1e));
    }

    // Walk the style spans; unstyled gaps use the default colour.
    int col = from;
    qsizetype span = 0;
    const QList<StyleSpan> noSpans;
    const QList<StyleSpan> &spans = row.text ? row.text->spans : noSpans;
    while (span < spans.size() && spans[span].start + spans[span].length <= from)
        ++span;
    const QColor defaultFg = row.dimmed ? m_gutter : m_foreground;
    while (col < to) {
        AnsiStyle style;
        int end = to;
        if (span < spans.size() && spans[span].start <= col) {
            style = spans[span].style;
            end = std::min(to, spans[span].start + spans[span].length);
            ++span;
        } else if (span < spans.size()) {
            end = std::min(to, spans[span].start);
        }
        QColor fg = style.fg ? colour(style.fg, true) : defaultFg;
        QColor bg = style.bg ? colour(style.bg, false) : QColor();
        if (style.flags & AnsiStyle::Inverse) {
            const QColor oldFg = fg;
            fg = bg.isValid() ? bg : m_background;
            bg = oldFg;
        }
        if (style.flags & AnsiStyle::Dim)
            fg = fg.darker(150);
        if (bg.isValid())
            p.fillRect(QRectF(xOf(col), top, (end - col) * m_charWidth, h), bg);
        QFont f = (style.flags & AnsiStyle::Bold) || row.foldState != 0 ? m_bold : m_font;
        f.setItalic(style.flags & AnsiStyle::Italic);
        f.setUnderline(style.flags & AnsiStyle::Underline);
        f.setStrikeOut(style.flags & AnsiStyle::Strike);
        p.setFont(f);
        p.setPen(fg);
        p.drawText(QPointF(xOf(col), base), text.mid(col, end - col));
        col = end;
    }
    if (row.text) {
        for (const LinkSpan &link : row.text->links) {
            const int s = std::max(link.start, from);
            const int e = std::min(link.start + link.length, to);
            if (e > s) {
                p.setPen(QColor(0x61, 0xa6, 0xf0));
                p.drawLine(QPointF(xOf(s), base + 2), QPointF(xOf(e), base + 2));
            }
        }
    }
    if (!row.groupInfo.isEmpty() && row.firstPiece) {
        p.setFont(m_font);
        p.setPen(row.failed ? QColor(0xff, 0x7b, 0x72) : m_gutter);
        p.drawText(QPointF(xOf(std::max<int>(to, from)) + 2 * m_charWidth, base), row.groupInfo);
    }

    p.fillRect(QRectF(0, top, gutter, h), row.foldState != 0 && row.failed
                                               ? QColor(0x4a, 0x24, 0x26)
                                               : QColor(0x23, 0x25, 0x29));
    if (!row.firstPiece)
        return;
    p.setFont(m_font);
    qreal x = 4;
    if (m_showNumbers) {
        p.setPen(row.currentHit ? m_foreground : m_gutter);
        p.drawText(QRectF(x, top, m_digits * m_charWidth, h), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(row.line + 1));
        x += (m_digits + 1) * m_charWidth;
    }
    if (m_timestampChars > 0) {
        p.setPen(m_gutter);
        p.drawText(QPointF(x, base), row.timestamp);
        x += (m_timestampChars + 1) * m_charWidth;
    }
    if (row.foldState != 0) {
        // A small triangle: ▶ folded, ▼ open.
        const qreal cx = x + m_charWidth * 0.8;
        const qreal cy = top + h / 2;
        const qreal r = std::min(h, m_charWidth * 2) * 0.28;
        QPolygonF tri;
        if (row.foldState == 2)
            tri << QPointF(cx - r * 0.6, cy - r) << QPointF(cx + r * 0.8, cy)
                << QPointF(cx - r * 0.6, cy + r);
        else
            tri << QPointF(cx - r, cy - r * 0.6) << QPointF(cx + r, cy - r * 0.6)
                << QPointF(cx, cy + r * 0.8);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(Qt::NoPen);
        p.setBrush(row.failed ? QColor(0xff, 0x7b, 0x72) : m_foreground);
        p.drawPolygon(tri);
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setBrush(Qt::NoBrush);
    }
}

} // namespace pw::ui
