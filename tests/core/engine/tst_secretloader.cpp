// SecretLoader: values from the environment; a value too short to mask safely is refused
// with a message naming the secret (a one-character secret used to turn every such
// character of the logs into ***).
#include "core/engine/secretloader.h"

#include <QTest>

using namespace pw::core;

class tst_SecretLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromEnvironment()
    {
        qputenv("PW_TEST_TOKEN", "s3cr3t-value");
        SecretRef ref;
        ref.name = QStringLiteral("TOKEN");
        ref.fromEnv = QStringLiteral("PW_TEST_TOKEN");
        const SecretLoader::Result r = SecretLoader::load({ref}, QStringLiteral("/nonexistent"));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.values.size(), 1);
        QCOMPARE(r.values.first().second, QStringLiteral("s3cr3t-value"));
    }

    void tooShortIsRefused_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("one") << QByteArray("x");
        QTest::newRow("three") << QByteArray("abc");
        QTest::newRow("empty") << QByteArray("");
    }
    void tooShortIsRefused()
    {
        QFETCH(QByteArray, value);
        qputenv("PW_TEST_SHORT", value);
        SecretRef ref;
        ref.name = QStringLiteral("SHORT");
        ref.fromEnv = QStringLiteral("PW_TEST_SHORT");
        const SecretLoader::Result r = SecretLoader::load({ref}, QStringLiteral("/nonexistent"));
        QVERIFY(r.values.isEmpty());
        QVERIFY2(r.error.contains(u"SHORT") && r.error.contains(u"shorter than 4"),
                 qPrintable(r.error));
    }

    void fourIsEnough()
    {
        qputenv("PW_TEST_FOUR", "abcd");
        SecretRef ref;
        ref.name = QStringLiteral("FOUR");
        ref.fromEnv = QStringLiteral("PW_TEST_FOUR");
        QVERIFY(SecretLoader::load({ref}, {}).error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_SecretLoader)
#include "tst_secretloader.moc"
