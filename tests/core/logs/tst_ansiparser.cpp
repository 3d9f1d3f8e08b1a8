#include "core/logs/ansiparser.h"

#include <QTest>

using namespace pw::core;

class TstAnsiParser : public QObject
{
    Q_OBJECT

private slots:
    void plainText_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QByteArray("hello") << QStringLiteral("hello");
        QTest::newRow("sgr") << QByteArray("\x1b[1;31mred\x1b[0m ok") << QStringLiteral("red ok");
        QTest::newRow("cursor") << QByteArray("a\x1b[2Ab\x1b[?25lc") << QStringLiteral("abc");
        QTest::newRow("osc title bel") << QByteArray("\x1b]0;title\x07text")
                                       << QStringLiteral("text");
        QTest::newRow("osc title st") << QByteArray("\x1b]2;t\x1b\\text") << QStringLiteral("text");
        QTest::newRow("progress cr") << QByteArray("10%\r50%\r100%") << QStringLiteral("100%");
        QTest::newRow("cr shorter") << QByteArray("abcdef\rXY") << QStringLiteral("XYcdef");
        QTest::newRow("cr erase") << QByteArray("abcdef\r\x1b[KXY") << QStringLiteral("XY");
        QTest::newRow("crlf") << QByteArray("dos line\r") << QStringLiteral("dos line");
        QTest::newRow("gitlab section")
            << QByteArray("\x1b[0Ksection_start:1:build\r\x1b[0KBuilding")
            << QStringLiteral("Building");
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QStringLiteral("a\u2400b");
        QTest::newRow("invalid utf8") << QByteArray("a\xff\xfe b") << QStringLiteral("a\ufffd\ufffd b");
        QTest::newRow("utf8") << QByteArray("caf\xc3\xa9") << QStringLiteral("caf\u00e9");
        QTest::newRow("tab") << QByteArray("ab\tc") << QStringLiteral("ab      c");
        QTest::newRow("charset") << QByteArray("\x1b(Bok") << QStringLiteral("ok");
        QTest::newRow("unterminated csi") << QByteArray("x\x1b[12") << QStringLiteral("x");
    }

    void plainText()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, text);
        QCOMPARE(AnsiParser::plainText(raw), text);
        QCOMPARE(AnsiParser::parseLine(raw).text, text);
    }

    void colours()
    {
        const StyledLine line = AnsiParser::parseLine(
            "\x1b[31ma\x1b[38;5;208mb\x1b[38;2;1;2;3mc\x1b[38:2::4:5:6md\x1b[0me"
            "\x1b[1;3;4;7mf\x1b[22;23;24;27mg\x1b[97;104mh");
        QCOMPARE(line.text, QStringLiteral("abcdefgh"));
        QCOMPARE(line.spans.size(), 6);
        QCOMPARE(line.spans[0].style.fg, AnsiStyle::Palette | 1);
        QCOMPARE(line.spans[1].style.fg, AnsiStyle::Palette | 208);
        QCOMPARE(line.spans[2].style.fg, AnsiStyle::Rgb | 0x010203);
        QCOMPARE(line.spans[3].style.fg, AnsiStyle::Rgb | 0x040506);
        QCOMPARE(line.spans[4].start, 5);
        QCOMPARE(int(line.spans[4].style.flags),
                 AnsiStyle::Bold | AnsiStyle::Italic | AnsiStyle::Underline | AnsiStyle::Inverse);
        QCOMPARE(line.spans[5].start, 7);
        QCOMPARE(line.spans[5].style.fg, AnsiStyle::Palette | 15);
        QCOMPARE(line.spans[5].style.bg, AnsiStyle::Palette | 12);
    }

    void osc8Link()
    {
        const StyledLine line = AnsiParser::parseLine(
            "see \x1b]8;;https://example.com/x\x1b\\the docs\x1b]8;;\x1b\\ now");
        QCOMPARE(line.text, QStringLiteral("see the docs now"));
        QCOMPARE(line.links.size(), 1);
        QCOMPARE(line.links[0].start, 4);
        QCOMPARE(line.links[0].length, 8);
        QCOMPARE(line.links[0].url, QStringLiteral("https://example.com/x"));
    }

    void splitAcrossChunks()
    {
        // Every split point of a line with escapes and a multi-byte character.
        const QByteArray raw("\x1b[1;32mgr\xc3\xbcn\x1b[0m \x1b]8;;u\x07l\x1b]8;;\x07!\n");
        const StyledLine whole = AnsiParser::parseLine(raw.chopped(1));
        for (qsizetype cut = 1; cut < raw.size(); ++cut) {
            AnsiParser parser;
            parser.feed(QByteArrayView(raw).first(cut));
            parser.feed(QByteArrayView(raw).sliced(cut));
            const QList<StyledLine> lines = parser.takeLines();
            QCOMPARE(lines.size(), 1);
            QCOMPARE(lines[0].text, whole.text);
            QCOMPARE(lines[0].spans, whole.spans);
            QCOMPARE(lines[0].links, whole.links);
        }
        QCOMPARE(whole.text, QStringLiteral("gr\u00fcn l!"));
    }

    void styleCarriesAcrossLinesWhenStreaming()
    {
        AnsiParser parser;
        parser.feed("\x1b[31mred\nstill red\x1b[0m\nplain\n");
        const QList<StyledLine> lines = parser.takeLines();
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[1].spans.size(), 1);
        QVERIFY(lines[2].spans.isEmpty());
    }

    void unterminatedOscDoesNotEatFollowingLines()
    {
        AnsiParser parser;
        parser.feed("\x1b]0;never ends\nnext line\n");
        const QList<StyledLine> lines = parser.takeLines();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[1].text, QStringLiteral("next line"));
    }

    void garbageNeverCrashes()
    {
        QByteArray junk;
        quint32 x = 12345;
        for (int i = 0; i < 200000; ++i) {
            x = x * 1103515245 + 12345;
            junk.append(char(x >> 16));
        }
        AnsiParser parser;
        parser.feed(junk);
        parser.finish();
        QVERIFY(!parser.takeLines().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstAnsiParser)
#include "tst_ansiparser.moc"
