#include "core/logs/loglineindex.h"

#include <QTest>

using namespace pw::core;

class TstLogLineIndex : public QObject
{
    Q_OBJECT

private slots:
    void emptyLog()
    {
        LogLineIndex index;
        QCOMPARE(index.lineCount(), 0);
        QCOMPARE(index.lineForOffset(10), 0);
    }

    void linesAcrossChunks_data()
    {
        QTest::addColumn<int>("chunkSize");
        QTest::newRow("whole") << 1000;
        QTest::newRow("bytewise") << 1;
        QTest::newRow("seven") << 7;
    }

    void linesAcrossChunks()
    {
        QFETCH(int, chunkSize);
        QByteArray log;
        QList<QByteArray> lines;
        for (int i = 0; i < 200; ++i) {
            lines << QByteArray(i % 13, 'x') + QByteArray::number(i);
            log += lines.last() + '\n';
        }
        log += "tail without newline";
        lines << "tail without newline";
        LogLineIndex index;
        for (qsizetype at = 0; at < log.size(); at += chunkSize)
            index.append(log.constData() + at, std::min<qsizetype>(chunkSize, log.size() - at));
        QCOMPARE(index.lineCount(), lines.size());
        for (int i = 0; i < lines.size(); ++i) {
            const qint64 s = index.lineStart(i);
            QCOMPARE(log.mid(s, index.lineLength(i)), lines[i]);
            QCOMPARE(index.lineForOffset(s), i);
            QCOMPARE(index.lineForOffset(index.lineEnd(i)), i);
        }
        QVERIFY(!index.lineComplete(lines.size() - 1));
        QVERIFY(index.lineComplete(lines.size() - 2));
    }

    void trailingNewlineDoesNotAddALine()
    {
        LogLineIndex index;
        index.append("a\nb\n", 4);
        QCOMPARE(index.lineCount(), 2);
        index.append("\n", 1);
        QCOMPARE(index.lineCount(), 3);
        QCOMPARE(index.lineLength(2), 0);
    }

    void timestampsGoToTheLineWhoseFirstByteArrived()
    {
        LogLineIndex index;
        index.setTimestampsEnabled(true);
        index.append("one\n", 4, 10);
        index.append("tw", 2, 20); // line 1 starts now, not when "one\n" arrived
        index.append("o\nthree\n", 8, 30);
        QCOMPARE(index.meta(0), 10u);
        QCOMPARE(index.meta(1), 20u);
        QCOMPARE(index.meta(2), 30u);
    }

    void compactAtScale()
    {
        LogLineIndex index;
        index.setTimestampsEnabled(true);
        const QByteArray chunk = QByteArray("line of about forty bytes of log text!\n").repeated(
            1000);
        for (int i = 0; i < 1000; ++i)
            index.append(chunk.constData(), chunk.size(), quint32(i));
        QCOMPARE(index.lineCount(), 1000000);
        QCOMPARE(index.lineStart(999999), 999999LL * (chunk.size() / 1000));
        QCOMPARE(index.meta(999999), 999u);
        const double perLine = double(index.memoryBytes()) / 1000000.0;
        QVERIFY2(perLine <= 16.0, qPrintable(QString::number(perLine)));
    }

    void hugeLineOverflowsDelta()
    {
        // A line longer than 4 GiB must not wrap the 32-bit delta; simulated by offsets.
        LogLineIndex index;
        const QByteArray mb(1 << 20, 'x');
        index.append("a\n", 2);
        for (int i = 0; i < 4097; ++i)
            index.append(mb.constData(), mb.size());
        index.append("\nb", 2);
        QCOMPARE(index.lineCount(), 3);
        QCOMPARE(index.lineStart(2), 2 + 4097LL * (1 << 20) + 1);
        QCOMPARE(index.lineForOffset(index.lineStart(2)), 2);
    }
};

QTEST_GUILESS_MAIN(TstLogLineIndex)
#include "tst_loglineindex.moc"
