#include "../testsettings.h"

#include "ui/app/recentfiles.h"

#include <QDir>
#include <QSignalSpy>
#include <QTest>

using pw::ui::RecentFiles;

class TestRecentFiles : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_settings.clear(); }

    void newestFirstWithoutDuplicates()
    {
        RecentFiles recent;
        QSignalSpy changed(&recent, &RecentFiles::changed);
        recent.add(QStringLiteral("/tmp/a.yml"));
        recent.add(QStringLiteral("/tmp/b.yml"));
        recent.add(QStringLiteral("/tmp/a.yml"));
        QCOMPARE(recent.files(),
                 QStringList({QStringLiteral("/tmp/a.yml"), QStringLiteral("/tmp/b.yml")}));
        QCOMPARE(changed.count(), 3);
    }

    void relativePathsBecomeAbsolute()
    {
        RecentFiles recent;
        recent.add(QStringLiteral("some/pipe.yml"));
        QCOMPARE(recent.files().first(), QDir::current().absoluteFilePath(
                                             QStringLiteral("some/pipe.yml")));
    }

    void keepsAtMostMaxEntries()
    {
        RecentFiles recent;
        for (int i = 0; i < RecentFiles::MaxEntries + 5; ++i)
            recent.add(QStringLiteral("/tmp/p%1.yml").arg(i));
        QCOMPARE(recent.files().size(), RecentFiles::MaxEntries);
        QCOMPARE(recent.files().first(),
                 QStringLiteral("/tmp/p%1.yml").arg(RecentFiles::MaxEntries + 4));
        QVERIFY(!recent.files().contains(QStringLiteral("/tmp/p0.yml")));
    }

    void persistsAcrossInstances()
    {
        {
            RecentFiles recent;
            recent.add(QStringLiteral("/tmp/one.yml"));
            recent.add(QStringLiteral("/tmp/two.yml"));
        }
        RecentFiles reread;
        QCOMPARE(reread.files(), QStringList({QStringLiteral("/tmp/two.yml"),
                                              QStringLiteral("/tmp/one.yml")}));
        reread.remove(QStringLiteral("/tmp/two.yml"));
        QCOMPARE(RecentFiles().files(), QStringList{QStringLiteral("/tmp/one.yml")});
        reread.clear();
        QVERIFY(RecentFiles().files().isEmpty());
    }

private:
    TestSettings m_settings;
};

QTEST_GUILESS_MAIN(TestRecentFiles)
#include "tst_recentfiles.moc"
