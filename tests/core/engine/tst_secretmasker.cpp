#include "core/engine/secretmasker.h"

#include <QTest>

using namespace pw::core;

class tst_SecretMasker : public QObject
{
    Q_OBJECT

private slots:
    void splitAcrossChunks_data();
    void splitAcrossChunks();
    void maskText();
};

void tst_SecretMasker::splitAcrossChunks_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("whole") << QList<QByteArray>{"token=s3cr3t-value\n"} << QByteArray("token=***\n");
    QTest::newRow("split in two") << QList<QByteArray>{"token=s3cr", "3t-value\n"}
                                  << QByteArray("token=***\n");
    QTest::newRow("one byte at a time")
        << [] {
               QList<QByteArray> chunks;
               for (char c : QByteArray("a s3cr3t-value b s3cr3t-value"))
                   chunks << QByteArray(1, c);
               return chunks;
           }()
        << QByteArray("a *** b ***");
    QTest::newRow("prefix that is not the secret")
        << QList<QByteArray>{"s3cr3t-", "valu", "e? no: s3cr3t-valve"}
        << QByteArray("***? no: s3cr3t-valve");
    QTest::newRow("secret at the very end") << QList<QByteArray>{"x", "s3cr3t-val", "ue"}
                                            << QByteArray("x***");
    QTest::newRow("two secrets overlapping") << QList<QByteArray>{"pass-s3cr3t-value"}
                                             << QByteArray("***");
    QTest::newRow("held tail released at the end") << QList<QByteArray>{"abc s3cr"}
                                                   << QByteArray("abc s3cr");
}

void tst_SecretMasker::splitAcrossChunks()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QByteArray, expected);
    SecretMasker masker({QByteArrayLiteral("s3cr3t-value"), QByteArrayLiteral("pass-s3cr3t")});
    QByteArray out;
    for (const QByteArray &c : chunks) {
        const QByteArray part = masker.process(c);
        // Nothing emitted mid-stream may contain the secret's beginning followed by its end.
        QVERIFY(!part.contains("s3cr3t-value"));
        out += part;
    }
    out += masker.finish();
    QCOMPARE(out, expected);
}

void tst_SecretMasker::maskText()
{
    const SecretMasker masker({QByteArrayLiteral("hunter2")});
    QCOMPARE(masker.mask(QStringLiteral("login hunter2 failed")), QStringLiteral("login *** failed"));
    QCOMPARE(SecretMasker().process("no secrets"), QByteArray("no secrets"));
}

QTEST_GUILESS_MAIN(tst_SecretMasker)
#include "tst_secretmasker.moc"
