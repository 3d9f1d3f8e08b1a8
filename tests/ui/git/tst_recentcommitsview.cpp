#include "../../core/git/gitfixture.h"

#include "ui/git/recentcommitsmodel.h"
#include "ui/git/recentcommitsview.h"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace pw::ui;

class TstRecentCommitsView : public QObject
{
    Q_OBJECT

private slots:
    void showsCommitsAndRequestsARun();
    void notARepositoryShowsTheError();
};

void TstRecentCommitsView::showsCommitsAndRequestsARun()
{
    GitFixture fx;
    const QString dir = fx.init(QStringLiteral("repo"));
    const QStringList messages{
        QStringLiteral("Add model training stage"),
        QStringLiteral("Build the inference image with the pinned base"),
        QStringLiteral("Gate deploy on accuracy >= 0.92"),
        QStringLiteral("Switch production to green after health checks"),
        QStringLiteral("docs: describe the blue/green rollback [skip ci]"),
    };
    const QStringList authors{QStringLiteral("Ada Lovelace"), QStringLiteral("Grace Hopper"),
                              QStringLiteral("Alan Turing"), QStringLiteral("Ada Lovelace"),
                              QStringLiteral("Edsger Dijkstra")};
    QStringList oids;
    for (int i = 0; i < messages.size(); ++i) {
        fx.setEnv(QStringLiteral("GIT_AUTHOR_NAME"), authors.at(i));
        const QString when = QStringLiteral("2024-05-0%1T1%2:15:00+0000").arg(i + 1).arg(i);
        fx.setEnv(QStringLiteral("GIT_COMMITTER_DATE"), when);
        oids.prepend(fx.commit(dir, messages.at(i), QStringLiteral("f%1.txt").arg(i)));
    }

    RecentCommitsView view;
    pw::core::TriggerSpec triggers;
    triggers.pushBranches = {QStringLiteral("main"), QStringLiteral("release/*")};
    view.setTriggerSettings(triggers);
    QSignalSpy loaded(&view, &RecentCommitsView::loaded);
    view.setRepository(dir);
    QVERIFY(loaded.wait(10000));
    QVERIFY2(view.errorString().isEmpty(), qPrintable(view.errorString()));

    RecentCommitsModel *model = view.model();
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(model->index(0, RecentCommitsModel::HashColumn).data().toString(),
             oids.at(0).left(8));
    QCOMPARE(model->index(0, RecentCommitsModel::MessageColumn).data().toString(),
             messages.last());
    QCOMPARE(model->index(0, RecentCommitsModel::AuthorColumn).data().toString(),
             QStringLiteral("Edsger Dijkstra"));
    QVERIFY(model->index(0, RecentCommitsModel::StatusColumn).data().toString().isEmpty());
    view.setRunStatus(oids.at(1), QStringLiteral("succeeded"));
    view.setRunStatus(oids.at(2), QStringLiteral("failed"));
    view.setRunStatus(oids.at(3), QStringLiteral("succeeded"));
    view.setRunStatus(oids.at(4), QStringLiteral("running"));
    QCOMPARE(model->index(2, RecentCommitsModel::StatusColumn).data().toString(),
             QStringLiteral("failed"));

    auto *button = view.findChild<QPushButton *>();
    QVERIFY(button);
    QVERIFY(!button->isEnabled()); // nothing selected yet
    QSignalSpy run(&view, &RecentCommitsView::runCommitRequested);
    view.resize(860, 330);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTreeView *tree = view.treeView();
    const QRect cell = tree->visualRect(model->index(2, RecentCommitsModel::MessageColumn));
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, cell.center());
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(run.size(), 1);
    QCOMPARE(run.at(0).at(0).toString(), oids.at(2));

    QDir().mkpath(QStringLiteral(PW_BINARY_DIR "/screenshots"));
    QVERIFY(view.grab().save(QStringLiteral(PW_BINARY_DIR "/screenshots/commits.png")));
}

void TstRecentCommitsView::notARepositoryShowsTheError()
{
    GitFixture fx;
    QDir().mkpath(fx.path(QStringLiteral("plain")));
    RecentCommitsView view;
    QSignalSpy loaded(&view, &RecentCommitsView::loaded);
    view.setRepository(fx.path(QStringLiteral("plain")));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY(view.errorString().contains(QStringLiteral("not a git repository")));
    QVERIFY(view.selectedCommit().isEmpty());
}

QTEST_MAIN(TstRecentCommitsView)
#include "tst_recentcommitsview.moc"
