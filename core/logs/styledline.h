#pragma once

#include <QList>
#include <QString>

namespace pw::core {

// One log line as displayed: text without escape sequences, with SGR style runs and OSC 8
// links. Colours stay symbolic (palette index or RGB) so core needs no QtGui; the view maps
// them to its theme. Produced by AnsiParser.
struct AnsiStyle
{
    enum Flag : quint8 { Bold = 1, Dim = 2, Italic = 4, Underline = 8, Inverse = 16,
                         Strike = 32 };
    // 0 = default colour; Palette | index (0..255); Rgb | 0xRRGGBB.
    static constexpr quint32 Palette = 0x01000000u;
    static constexpr quint32 Rgb = 0x02000000u;
    quint32 fg = 0;
    quint32 bg = 0;
    quint8 flags = 0;
    bool isDefault() const { return fg == 0 && bg == 0 && flags == 0; }
    bool operator==(const AnsiStyle &) const = default;
};

struct StyleSpan
{
    int start = 0;
    int length = 0;
    AnsiStyle style;
    bool operator==(const StyleSpan &) const = default;
};

struct LinkSpan
{
    int start = 0;
    int length = 0;
    QString url;
    bool operator==(const LinkSpan &) const = default;
};

struct StyledLine
{
    QString text;
    QList<StyleSpan> spans; // only non-default runs, in order
    QList<LinkSpan> links;
};

} // namespace pw::core
