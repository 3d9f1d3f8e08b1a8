#include "core/git/rollbackregistry.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;

class TstRollbackRegistry : public QObject
{
    Q_OBJECT

private slots:
    void marksPersistAcrossInstances();
    void clearRemovesOneEnvironmentOrAll();
    void brokenFileIsReported();
};

void TstRollbackRegistry::marksPersistAcrossInstances()
{
    QTemporaryDir dir;
    const QString path = RollbackRegistry::defaultPath(dir.path());
    QCOMPARE(path, dir.path() + QStringLiteral("/pipewright/rollbacks.json"));
    const QString oid(40, QLatin1Char('a'));
    {
        RollbackRegistry reg(path);
        QVERIFY(reg.load()); // missing file: empty
        QVERIFY(!reg.find(oid));
        QVERIFY(reg.markRolledBack(oid, QStringLiteral("production"),
                                   QStringLiteral("error rate 7%")));
        // Marking again replaces rather than duplicates.
        QVERIFY(reg.markRolledBack(oid, QStringLiteral("production"),
                                   QStringLiteral("error rate 9%")));
    }
    RollbackRegistry again(path);
    const auto mark = again.find(oid);
    QVERIFY(mark.has_value());
    QCOMPARE(mark->environment, QStringLiteral("production"));
    QCOMPARE(mark->reason, QStringLiteral("error rate 9%"));
    QVERIFY(mark->at.isValid());
    QCOMPARE(again.marks().size(), 1);
    QVERIFY(!again.find(QString(40, QLatin1Char('b'))));
}

void TstRollbackRegistry::clearRemovesOneEnvironmentOrAll()
{
    QTemporaryDir dir;
    RollbackRegistry reg(RollbackRegistry::defaultPath(dir.path()));
    const QString oid(40, QLatin1Char('c'));
    QVERIFY(reg.markRolledBack(oid, QStringLiteral("staging")));
    QVERIFY(reg.markRolledBack(oid, QStringLiteral("production")));
    QVERIFY(reg.clear(oid, QStringLiteral("production")));
    QCOMPARE(reg.find(oid)->environment, QStringLiteral("staging"));
    QVERIFY(reg.clear(oid));
    QVERIFY(!reg.find(oid));
}

void TstRollbackRegistry::brokenFileIsReported()
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/rollbacks.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ not json");
    f.close();
    RollbackRegistry reg(path);
    QVERIFY(!reg.load());
    QVERIFY2(reg.errorString().contains(QStringLiteral("not a rollback record")),
             qPrintable(reg.errorString()));
    QVERIFY(!reg.markRolledBack(QString(40, QLatin1Char('d')), QStringLiteral("prod")));
    QCOMPARE(f.size(), 10); // a file it cannot read is not overwritten
}

QTEST_GUILESS_MAIN(TstRollbackRegistry)
#include "tst_rollbackregistry.moc"
