// libFuzzer target: terminal output → styled lines. The parser streams: feeding the bytes in
// pieces (at a stride the input chooses) must give exactly the lines of feeding them whole,
// and every span must lie inside its line's text.
#include "fuzzcheck.h"

#include "core/logs/ansiparser.h"

using namespace pw::core;

namespace {

QList<StyledLine> parse(const QByteArray &input, qsizetype stride)
{
    AnsiParser parser;
    for (qsizetype i = 0; i < input.size(); i += stride)
        parser.feed(QByteArrayView(input).sliced(i, qMin(stride, input.size() - i)));
    parser.finish();
    return parser.takeLines();
}

bool same(const StyledLine &a, const StyledLine &b)
{
    return a.text == b.text && a.spans == b.spans && a.links == b.links;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype stride = 1 + data[0] % 7;
    const QByteArray input = pw::fuzz::bytes(data + 1, size - 1);
    const QList<StyledLine> whole = parse(input, qMax<qsizetype>(1, input.size()));
    const QList<StyledLine> pieces = parse(input, stride);
    PW_FUZZ_CHECK(whole.size() == pieces.size(),
                  QStringLiteral("%1 lines vs %2").arg(whole.size()).arg(pieces.size()));
    for (qsizetype i = 0; i < whole.size(); ++i) {
        const StyledLine &l = whole.at(i);
        PW_FUZZ_CHECK(
            same(l, pieces.at(i)),
            QStringLiteral("line %1: '%2' vs '%3'").arg(i).arg(l.text, pieces.at(i).text));
        for (const StyleSpan &s : l.spans)
            PW_FUZZ_CHECK(
                s.start >= 0 && s.length > 0 && s.start + s.length <= l.text.size(),
                QStringLiteral("span %1+%2 in %3").arg(s.start).arg(s.length).arg(l.text.size()));
        for (const LinkSpan &s : l.links)
            PW_FUZZ_CHECK(
                s.start >= 0 && s.length >= 0 && s.start + s.length <= l.text.size(),
                QStringLiteral("link %1+%2 in %3").arg(s.start).arg(s.length).arg(l.text.size()));
    }
    // One line on its own: the fast path and the full parse agree.
    const qsizetype nl = input.indexOf('\n');
    const QByteArrayView first = QByteArrayView(input).first(nl < 0 ? input.size() : nl);
    PW_FUZZ_CHECK(AnsiParser::plainText(first) == AnsiParser::parseLine(first).text,
                  QString::fromUtf8(first.toByteArray()));
    return 0;
}
