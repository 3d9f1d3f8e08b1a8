#pragma once

#include "styledline.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <vector>

namespace pw::core {

// Turns raw terminal output into StyledLines: SGR colours (16, 256, 24-bit) and attributes,
// OSC 8 hyperlinks as link spans; cursor movement, erase, OSC titles and other sequences are
// consumed, never shown. A carriage return moves back to column 0 so progress bars end in
// their final state. Streaming: feed() may split sequences or UTF-8 characters anywhere;
// state (style, open link, partial sequence) carries over. Invalid UTF-8 becomes U+FFFD,
// C0 controls (NUL…) become their visible U+24xx symbols. Used by the view per visible line
// and by search for lines holding escapes.
class AnsiParser
{
public:
    AnsiParser();

    // Appends bytes; each '\n' completes a line, collected by takeLines().
    void feed(QByteArrayView bytes);
    // Completes the pending line (if any bytes are pending) as the last line.
    void finish();
    QList<StyledLine> takeLines();
    // Forgets style, link and partial input.
    void reset();

    // One line's display form (no '\n' expected); starts from the default style.
    static StyledLine parseLine(QByteArrayView line);
    // The text of parseLine(), faster for lines without escapes or controls.
    static QString plainText(QByteArrayView line);

private:
    enum class State { Text, Escape, Csi, Osc, OscEscape, Charset };

    void flushText();
    void putChars(const QString &chars);
    void handleCsi();
    void handleSgr();
    void handleOsc();
    void endLine();

    State m_state = State::Text;
    QByteArray m_text;      // pending UTF-8 text bytes
    QByteArray m_sequence;  // parameters of the sequence being read
    AnsiStyle m_style;
    int m_link = -1;        // index into m_linkUrls, or -1
    // The line being built: one cell per QChar.
    QString m_line;
    std::vector<AnsiStyle> m_cellStyles;
    std::vector<int> m_cellLinks;
    QList<QString> m_linkUrls;
    int m_cursor = 0;
    bool m_pendingLine = false;
    QList<StyledLine> m_lines;
};

} // namespace pw::core
