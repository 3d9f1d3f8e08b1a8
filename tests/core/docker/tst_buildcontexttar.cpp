// The tar stream of a build context, read back with libarchive: every entry, its bytes and
// its header must survive whatever piece sizes the HTTP client asks for (read() produces
// straight into the caller's buffer and spills only what does not fit), and files that
// change or vanish between the scan and the upload must not corrupt the stream.
#include "core/docker/buildcontexttar.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

using namespace pw::core;

namespace {

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

// Bytes that differ at every offset, so a misplaced or repeated piece cannot go unnoticed.
QByteArray pattern(qsizetype size, int seed)
{
    QByteArray b(size, Qt::Uninitialized);
    quint32 x = quint32(seed) * 2654435761u + 1;
    for (qsizetype i = 0; i < size; ++i) {
        x = x * 1664525u + 1013904223u;
        b[i] = char(x >> 24);
    }
    return b;
}

// Reads the whole stream, `piece` bytes at a time. Empty on error (message in *error).
QByteArray readAll(BuildContextTar *tar, qint64 piece, QString *error)
{
    QByteArray out;
    QByteArray buffer(piece, Qt::Uninitialized);
    for (;;) {
        const qint64 n = tar->read(buffer.data(), piece, error);
        if (n < 0)
            return {};
        if (n == 0)
            return out;
        if (n > piece) {
            *error = QStringLiteral("read returned more than asked");
            return {};
        }
        out.append(buffer.constData(), n);
    }
}

struct Entry
{
    QByteArray data;
    QString symlink;
    bool isDir = false;
    qint64 uid = -1;
    qint64 gid = -1;
};

// Parses a tar with libarchive; false if it is not well-formed.
bool parseTar(const QByteArray &tar, QMap<QString, Entry> *entries)
{
    archive *a = archive_read_new();
    archive_read_support_format_tar(a);
    bool ok = archive_read_open_memory(a, tar.constData(), size_t(tar.size())) == ARCHIVE_OK;
    archive_entry *e = nullptr;
    int rc = ARCHIVE_OK;
    while (ok && (rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        Entry entry;
        entry.isDir = archive_entry_filetype(e) == AE_IFDIR;
        if (const char *target = archive_entry_symlink(e))
            entry.symlink = QString::fromUtf8(target);
        entry.uid = archive_entry_uid(e);
        entry.gid = archive_entry_gid(e);
        char buf[65536];
        la_ssize_t n;
        while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
            entry.data.append(buf, qsizetype(n));
        ok = n == 0;
        entries->insert(QString::fromUtf8(archive_entry_pathname_utf8(e)), entry);
    }
    ok = ok && rc == ARCHIVE_EOF;
    archive_read_free(a);
    return ok;
}

} // namespace

class TstBuildContextTar : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QMap<QString, QByteArray> m_files;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString root = m_dir.path();
        m_files.insert(QStringLiteral("Dockerfile"), "FROM scratch\nCOPY . /\n");
        m_files.insert(QStringLiteral(".dockerignore"), "*.log\n!keep.log\n");
        m_files.insert(QStringLiteral("empty"), {});
        m_files.insert(QStringLiteral("keep.log"), "kept\n");
        m_files.insert(QStringLiteral("exactly-512"), pattern(512, 1));
        m_files.insert(QStringLiteral("model/weights.bin"), pattern(3 * 1024 * 1024 + 77, 2));
        m_files.insert(QStringLiteral("model/one-mib"), pattern(1024 * 1024, 3));
        // Longer than ustar's 100-byte name field: needs a pax header of its own.
        const QString longName = QStringLiteral("src/") + QString(120, QLatin1Char('n'))
            + QStringLiteral("/file.py");
        m_files.insert(longName, "print('long')\n");
        for (int i = 0; i < 40; ++i)
            m_files.insert(QStringLiteral("src/pkg/f%1.py").arg(i), pattern(i * 37, i));
        for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
            writeFile(root + QLatin1Char('/') + it.key(), it.value());
        writeFile(root + QStringLiteral("/build.log"), "ignored\n");
        QVERIFY(QFile::link(QStringLiteral("model/weights.bin"), root + QStringLiteral("/link")));
    }

    void streamSurvivesEveryPieceSize_data()
    {
        QTest::addColumn<qint64>("piece");
        for (qint64 piece : {7, 511, 512, 513, 4096, 65536, 1024 * 1024 - 13, 1024 * 1024,
                             4 * 1024 * 1024 + 5})
            QTest::newRow(qPrintable(QString::number(piece))) << piece;
    }

    void streamSurvivesEveryPieceSize()
    {
        QFETCH(qint64, piece);
        BuildContextTar tar(m_dir.path(), QStringLiteral("Dockerfile"));
        QString error;
        QVERIFY2(tar.scan(&error), qPrintable(error));
        const QByteArray stream = readAll(&tar, piece, &error);
        QVERIFY2(!stream.isEmpty(), qPrintable(error));
        QCOMPARE(stream.size() % 512, 0);

        // Every piece size yields the very same bytes.
        static QByteArray reference;
        if (reference.isEmpty())
            reference = stream;
        QVERIFY(stream == reference);

        QMap<QString, Entry> entries;
        QVERIFY(parseTar(stream, &entries));
        for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
            QVERIFY2(entries.contains(it.key()), qPrintable(it.key()));
            QVERIFY2(entries.value(it.key()).data == it.value(), qPrintable(it.key()));
            QCOMPARE(entries.value(it.key()).uid, 0);
            QCOMPARE(entries.value(it.key()).gid, 0);
        }
        QVERIFY(!entries.contains(QStringLiteral("build.log")));
        QVERIFY(entries.value(QStringLiteral("model/")).isDir);
        QCOMPARE(entries.value(QStringLiteral("link")).symlink,
                 QStringLiteral("model/weights.bin"));
        QVERIFY(entries.value(QStringLiteral("link")).data.isEmpty());
        // Files, directories (model/, src/, src/pkg/, the long one) and the link: nothing else.
        QCOMPARE(entries.size(), m_files.size() + 5);
    }

    // The header is written from the file's size when its turn comes; data read afterwards
    // follows it: a file that shrinks is padded with zeros, one that grows is cut.
    void fileChangingWhileSentKeepsTheStreamWellFormed()
    {
        QTemporaryDir dir;
        const QString shrinking = dir.filePath(QStringLiteral("a-shrinking"));
        const QString growing = dir.filePath(QStringLiteral("b-growing"));
        writeFile(dir.filePath(QStringLiteral("Dockerfile")), "FROM scratch\n");
        writeFile(shrinking, pattern(2 * 1024 * 1024, 4));
        writeFile(growing, pattern(1000, 5));
        BuildContextTar tar(dir.path(), QStringLiteral("Dockerfile"));
        QString error;
        QVERIFY2(tar.scan(&error), qPrintable(error));

        QByteArray stream;
        QByteArray buffer(64 * 1024, Qt::Uninitialized);
        // The first piece holds a-shrinking's header and the start of its data.
        qint64 n = tar.read(buffer.data(), buffer.size(), &error);
        QVERIFY(n > 0);
        stream.append(buffer.constData(), n);
        QVERIFY(QFile::resize(shrinking, 100 * 1024));
        writeFile(growing, pattern(5000, 5));
        while ((n = tar.read(buffer.data(), buffer.size(), &error)) > 0)
            stream.append(buffer.constData(), n);
        QCOMPARE(n, 0);

        QMap<QString, Entry> entries;
        QVERIFY(parseTar(stream, &entries));
        const QByteArray a = entries.value(QStringLiteral("a-shrinking")).data;
        QCOMPARE(a.size(), 2 * 1024 * 1024);
        QVERIFY(a.left(100 * 1024) == pattern(100 * 1024, 4));
        QVERIFY(a.mid(100 * 1024) == QByteArray(a.size() - 100 * 1024, '\0'));
        // b-growing's header was written after it grew: all of its new size is sent.
        QVERIFY(entries.value(QStringLiteral("b-growing")).data == pattern(5000, 5));
        QVERIFY(entries.contains(QStringLiteral("Dockerfile")));
    }

    void fileVanishingBeforeItsTurnFailsWithItsName()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("Dockerfile")), "FROM scratch\n");
        writeFile(dir.filePath(QStringLiteral("gone.txt")), "x");
        BuildContextTar tar(dir.path(), QStringLiteral("Dockerfile"));
        QString error;
        QVERIFY2(tar.scan(&error), qPrintable(error));
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("gone.txt"))));
        QByteArray buffer(4096, Qt::Uninitialized);
        qint64 n = 0;
        while ((n = tar.read(buffer.data(), buffer.size(), &error)) > 0) {
        }
        QCOMPARE(n, -1);
        QVERIFY2(error.contains(QStringLiteral("gone.txt")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TstBuildContextTar)
#include "tst_buildcontexttar.moc"
