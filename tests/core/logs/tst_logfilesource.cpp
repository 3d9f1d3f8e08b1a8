#include "core/logs/logbytereader.h"
#include "core/logs/logfilesource.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace pw::core;

class TstLogFileSource : public QObject
{
    Q_OBJECT

    static void write(const QString &path, const QByteArray &data, bool append = false)
    {
        QFile f(path);
        QVERIFY(f.open(append ? QIODevice::Append : QIODevice::WriteOnly));
        f.write(data);
    }

private slots:
    void indexesInSlicesOnTheEventLoop()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"a.log"_qs);
        QByteArray data;
        for (int i = 0; i < 300000; ++i)
            data += "line " + QByteArray::number(i) + " of a log with some length to it\n";
        write(path, data);
        LogFileSource source;
        QSignalSpy done(&source, &LogFileSource::indexingFinished);
        QVERIFY(source.open(path));
        QVERIFY(source.isIndexing());
        QVERIFY(done.wait(30000));
        QCOMPARE(source.lineCount(), 300000);
        QCOMPARE(source.lineBytes(123456), QByteArray("line 123456 of a log with some length to it"));
        QVERIFY(!source.hasTimestamps());
    }

    void readsStepLogWriterTimestamps()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"s.log"_qs);
        write(path, "out\nerr\nsys\n");
        // FILE.idx as core/engine/steplogwriter.h documents it.
        QByteArray idx("PWLX");
        char raw[12];
        qToLittleEndian<quint32>(1, raw);
        idx.append(raw, 4);
        qToLittleEndian<qint64>(1700000000000, raw);
        idx.append(raw, 8);
        const qint64 offsets[] = {0, 4, 8};
        for (int i = 0; i < 3; ++i) {
            qToLittleEndian<quint64>(quint64(offsets[i]) | (quint64(i) << 62), raw);
            qToLittleEndian<quint32>(quint32(100 * i), raw + 8);
            idx.append(raw, 12);
        }
        write(path + u".idx"_qs, idx);
        LogFileSource source;
        QVERIFY(source.open(path));
        source.indexAll();
        QVERIFY(source.hasTimestamps());
        QCOMPARE(source.lineTimeMs(2), 1700000000200);
        QCOMPARE(source.lineStream(1), OutputStream::Stderr);
        QCOMPARE(source.lineStream(2), OutputStream::System);
    }

    void followsGrowth()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"g.log"_qs);
        write(path, "one\ntw");
        LogFileSource source;
        QVERIFY(source.open(path));
        source.indexAll();
        QCOMPARE(source.lineCount(), 2);
        write(path, "o\nthree\n", true);
        QSignalSpy appended(&source, &LogSource::linesAppended);
        source.setFollow(true, 20);
        QTRY_COMPARE(source.lineCount(), 3);
        QCOMPARE(source.lineBytes(1), QByteArray("two"));
    }

    void truncatedWhileOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"t.log"_qs);
        write(path, QByteArray("long old content line\n").repeated(1000));
        LogFileSource source;
        QVERIFY(source.open(path));
        source.indexAll();
        QCOMPARE(source.lineCount(), 1000);
        write(path, "new\n"); // truncates
        // Reading old offsets past the new end returns nothing, never a crash.
        QCOMPARE(source.lineBytes(999), QByteArray());
        QSignalSpy reset(&source, &LogSource::reset);
        source.poll();
        QCOMPARE(reset.size(), 1);
        source.indexAll();
        QCOMPARE(source.lineCount(), 1);
        QCOMPARE(source.lineBytes(0), QByteArray("new"));
    }

    void rotatedWhileOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.log"_qs);
        write(path, "old\n");
        LogFileSource source;
        QVERIFY(source.open(path));
        source.indexAll();
        QVERIFY(QFile::rename(path, path + u".1"_qs));
        write(path, "fresh one\nfresh two\n");
        QSignalSpy reset(&source, &LogSource::reset);
        source.poll();
        QCOMPARE(reset.size(), 1);
        source.indexAll();
        QCOMPARE(source.lineCount(), 2);
        QCOMPARE(source.lineBytes(1), QByteArray("fresh two"));
    }

    void deletedWhileOpenStaysReadable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"d.log"_qs);
        write(path, "kept\nafter delete\n");
        LogFileSource source;
        QVERIFY(source.open(path));
        source.indexAll();
        QVERIFY(QFile::remove(path));
        QSignalSpy removed(&source, &LogFileSource::fileRemovedChanged);
        source.poll();
        QCOMPARE(removed.size(), 1);
        QCOMPARE(source.lineBytes(1), QByteArray("after delete"));
        auto reader = source.createReader();
        char buf[4];
        QCOMPARE(reader->read(0, buf, 4), 4);
        QCOMPARE(QByteArray(buf, 4), QByteArray("kept"));
    }

    void badBytes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"b.log"_qs);
        const char raw[] = "nul\0inside\n\xff\xfe\xfd invalid\n";
        QByteArray data(raw, sizeof raw - 1);
        data += QByteArray(10 << 20, 'y') + '\n' + "end";
        write(path, data);
        LogFileSource source;
        QVERIFY(source.open(path));
        source.indexAll();
        QCOMPARE(source.lineCount(), 4);
        QCOMPARE(source.lineBytes(0), QByteArray("nul\0inside", 10));
        QCOMPARE(source.lineLength(2), 10 << 20);
        QCOMPARE(source.lineBytes(3), QByteArray("end"));
    }

    void missingFile()
    {
        LogFileSource source;
        QVERIFY(!source.open(u"/nonexistent/x.log"_qs));
        QVERIFY(!source.errorString().isEmpty());
        QCOMPARE(source.lineCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TstLogFileSource)
#include "tst_logfilesource.moc"
