#include "../testsettings.h"

#include "ui/app/mainwindow.h"
#include "ui/pipeline/pipelineeditor.h"
#include "ui/pipeline/pipelinegraphview.h"
#include "ui/pipeline/pipelinescene.h"
#include "ui/pipeline/stagenodeitem.h"
#include "ui/logview/logview.h"
#include "ui/logview/logviewer.h"
#include "ui/logview/logviewmodel.h"
#include "ui/pipeline/pipelinearea.h"
#include "ui/pipeline/pipelinedocument.h"
#include "ui/runs/runlistmodel.h"
#include "ui/runs/runlogview.h"
#include "ui/runs/runsarea.h"
#include "ui/runs/runstagemodel.h"
#include "ui/git/recentcommitsmodel.h"
#include "ui/git/recentcommitsview.h"

#include "core/engine/runengine.h"
#include "core/store/runstore.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using pw::core::RunEngine;
using pw::core::RunStatus;
using pw::ui::MainWindow;
using pw::ui::RunsArea;

namespace {

// A project folder with a pipeline file; the engine copies it into the run's workspace.
QString writePipeline(const QTemporaryDir &dir, const QByteArray &yaml)
{
    const QString path = dir.filePath(QStringLiteral(".pipewright.yml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(yaml);
    return path;
}

bool openAndWait(MainWindow &window, const QString &path)
{
    QSignalSpy loaded(window.pipelineArea()->document(), &pw::ui::PipelineDocument::loaded);
    window.openFile(path);
    return loaded.wait(10000);
}

QString cell(QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

class TestRunsArea : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_settings.clear(); }

    // The Commits tab lists the project's commits; "Run this commit" runs that exact commit
    // (checked out fresh) while the working tree keeps its uncommitted change.
    void runThisCommitBuildsThatCommit()
    {
        QTemporaryDir project;
        auto git = [&](const QStringList &args) {
            QProcess p;
            p.setWorkingDirectory(project.path());
            p.start(QStringLiteral("git"), QStringList{u"-c"_qs, u"user.name=T"_qs, u"-c"_qs,
                                                       u"user.email=t@e"_qs} + args);
            p.waitForFinished(30000);
            return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        };
        const QString path = writePipeline(project, "name: commits\n"
                                                    "stages:\n"
                                                    "  - id: show\n"
                                                    "    steps:\n"
                                                    "      - run: cat version.txt\n");
        QFile version(project.filePath(u"version.txt"_qs));
        QVERIFY(version.open(QIODevice::WriteOnly));
        version.write("committed-version\n");
        version.close();
        git({u"init"_qs, u"-q"_qs, u"-b"_qs, u"main"_qs});
        git({u"add"_qs, u"-A"_qs});
        git({u"commit"_qs, u"-qm"_qs, u"first commit"_qs});
        const QString oid = git({u"rev-parse"_qs, u"HEAD"_qs});
        QVERIFY(version.open(QIODevice::WriteOnly));
        version.write("uncommitted-edit\n");
        version.close();

        MainWindow window;
        window.show();
        RunsArea *area = window.runsArea();
        QSignalSpy commitsLoaded(area->commitsView(), &pw::ui::RecentCommitsView::loaded);
        QVERIFY(openAndWait(window, path));
        QVERIFY(commitsLoaded.wait(10000) || area->commitsView()->model()->rowCount() > 0);
        QCOMPARE(area->commitsView()->model()->rowCount(), 1);
        QCOMPARE(area->commitsView()->model()->commitAt(0).oid, oid);

        QSignalSpy finished(window.engine(), &RunEngine::runFinished);
        const qint64 runId = area->runCommit(oid);
        QVERIFY(runId > 0);
        QVERIFY(finished.wait(30000));
        QCOMPARE(pw::core::toString(finished.first().at(1).value<RunStatus>()),
                 pw::core::toString(RunStatus::Succeeded));
        QTRY_VERIFY(area->logView()->toPlainText().contains(u"committed-version"_qs));
        QVERIFY(!area->logView()->toPlainText().contains(u"uncommitted-edit"_qs));
        QCOMPARE(window.engine()->store()->run(runId)->commit, oid);
    }

    // An open pipeline with a push trigger runs each new commit on a matching branch.
    void commitOnWatchedBranchStartsARun()
    {
        QTemporaryDir project;
        auto git = [&](const QStringList &args) {
            QProcess p;
            p.setWorkingDirectory(project.path());
            p.start(QStringLiteral("git"), QStringList{u"-c"_qs, u"user.name=T"_qs, u"-c"_qs,
                                                       u"user.email=t@e"_qs} + args);
            p.waitForFinished(30000);
            return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        };
        const QString path = writePipeline(project, "name: pushed\n"
                                                    "triggers:\n"
                                                    "  push: {branches: [main]}\n"
                                                    "stages:\n"
                                                    "  - id: show\n"
                                                    "    steps:\n"
                                                    "      - run: echo \"$PW_COMMIT_MESSAGE\"\n");
        git({u"init"_qs, u"-q"_qs, u"-b"_qs, u"main"_qs});
        git({u"add"_qs, u"-A"_qs});
        git({u"commit"_qs, u"-qm"_qs, u"initial"_qs});

        MainWindow window;
        window.show();
        RunsArea *area = window.runsArea();
        QVERIFY(openAndWait(window, path));
        QVERIFY(area->commitTrigger());

        QSignalSpy finished(window.engine(), &RunEngine::runFinished);
        git({u"commit"_qs, u"-q"_qs, u"--allow-empty"_qs, u"-m"_qs, u"ship $(it)"_qs});
        const QString oid = git({u"rev-parse"_qs, u"HEAD"_qs});
        QVERIFY(finished.wait(30000));
        const qint64 runId = finished.first().at(0).toLongLong();
        const auto run = window.engine()->store()->run(runId);
        QVERIFY(run.has_value());
        QCOMPARE(run->commit, oid);
        QCOMPARE(run->trigger, u"push"_qs);
        QCOMPARE(pw::core::toString(run->status), pw::core::toString(RunStatus::Succeeded));
    }

    // A run with colours, a failed stage and a skipped one, for a person to look at.
    void screenshotOfARun()
    {
        QTemporaryDir project;
        const QString path = writePipeline(project,
            "name: model-service\n"
            "stages:\n"
            "  - id: build\n"
            "    name: Build\n"
            "    steps:\n"
            "      - name: Compile\n"
            "        run: |\n"
            "          for i in 1 2 3; do printf '\\033[32m[%d/3]\\033[0m compiling module %d\\n' $i $i; done\n"
            "          echo '::group::Dependencies'\n"
            "          echo numpy 1.26; echo torch 2.3\n"
            "          echo '::endgroup::'\n"
            "  - id: test\n"
            "    name: Unit tests\n"
            "    needs: [build]\n"
            "    steps:\n"
            "      - run: |\n"
            "          printf '\\033[1mtest_model.py\\033[0m ....\\n'\n"
            "          printf '\\033[31mFAILED\\033[0m test_accuracy: 0.81 < 0.9\\n' >&2\n"
            "          exit 1\n"
            "  - id: deploy\n"
            "    needs: [test]\n"
            "    steps: [{run: echo never}]\n");
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, path));
        QSignalSpy finished(window.engine(), &RunEngine::runFinished);
        window.runsArea()->runAction()->trigger();
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY(window.runsArea()->logView()->toPlainText().contains(u"FAILED"_qs));
        QTest::qWait(200); // let the batched log view paint its last lines
        const QString dir = QStringLiteral(PW_BINARY_DIR "/screenshots");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(window.grab().save(dir + QStringLiteral("/runs.png")));
    }

    // A stage's right-click menu in the editor offers its log: the Runs area opens on the
    // newest run with that stage current and its log section on screen; with no run yet it
    // says how to start one.
    void editorStageOpensItsLog()
    {
        QTemporaryDir project;
        QByteArray yaml = "name: long\nstages:\n";
        for (int i = 0; i < 6; ++i) {
            yaml += "  - id: s" + QByteArray::number(i) + "\n";
            if (i > 0)
                yaml += "    needs: [s" + QByteArray::number(i - 1) + "]\n";
            yaml += "    steps:\n      - run: for n in $(seq 80); do echo s" + QByteArray::number(i)
                    + "-line-$n; done\n";
        }
        const QString path = writePipeline(project, yaml);
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, path));
        pw::ui::PipelineEditor *editor = window.pipelineArea()->editor();
        pw::ui::PipelineScene *scene = editor->scene();
        QTRY_VERIFY(scene->node(u"s4"_qs));
        QVERIFY(!editor->showLogAction()->isEnabled()); // nothing selected

        // Before any run: the Runs area says how to get one.
        scene->selectStages({u"s4"_qs});
        QVERIFY(editor->showLogAction()->isEnabled());
        editor->showLogAction()->trigger();
        QCOMPARE(window.currentArea(), int(MainWindow::RunsAreaIndex));
        RunsArea *area = window.runsArea();
        QVERIFY(area->selectedRun() == 0);

        QSignalSpy finished(window.engine(), &RunEngine::runFinished);
        area->runAction()->trigger();
        QVERIFY(finished.wait(30000));
        const qint64 runId = area->selectedRun();
        QTRY_VERIFY(area->logView()->toPlainText().contains(u"s5-line-80"_qs));
        area->runsView()->clearSelection();
        area->runsView()->setCurrentIndex({});

        // Right-click s4 in the graph, pick Show Log.
        window.setCurrentArea(MainWindow::PipelineAreaIndex);
        pw::ui::PipelineGraphView *view = editor->view();
        scene->clearSelection();
        view->centerOn(scene->node(u"s4"_qs));
        const QPoint at = view->mapFromScene(scene->node(u"s4"_qs)->sceneBoundingRect().center());
        QVERIFY(view->viewport()->rect().contains(at));
        QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, at,
                                    view->viewport()->mapToGlobal(at));
        QCoreApplication::sendEvent(view->viewport(), &menuEvent);
        QMenu *menu = editor->stageMenu();
        QVERIFY2(menu, "right-clicking a stage opened no menu");
        QCOMPARE(scene->selectedStageIds(), QStringList{u"s4"_qs});
        QVERIFY(menu->actions().contains(editor->showLogAction()));
        QVERIFY(menu->actions().contains(editor->editYamlAction()));
        menu->close();
        editor->showLogAction()->trigger();

        QCOMPARE(window.currentArea(), int(MainWindow::RunsAreaIndex));
        QCOMPARE(area->selectedRun(), runId);
        // The finished run's log is read off the GUI thread; the stage is shown once it is in.
        QTRY_VERIFY(!area->logView()->isLoading());
        const QModelIndex stage = area->stagesView()->currentIndex();
        QVERIFY(stage.isValid());
        QCOMPARE(area->stagesModel()->record(stage.row()).stageId, u"s4"_qs);
        // The log is scrolled to stage s4's header, not at the end where it followed the run.
        pw::ui::LogView *log = area->logView()->viewer()->view();
        QVERIFY(!log->isFollowing());
        const auto &groups = log->source()->groups();
        qint64 header = -1;
        for (const auto &g : groups) {
            if (g.kind == pw::core::LogGroup::Kind::Stage && g.name == u"s4")
                header = g.headerLine;
        }
        QVERIFY(header > 0);
        const qint64 row = log->model()->rowForLine(header);
        QVERIFY2(row >= log->firstVisibleRow()
                     && row < log->firstVisibleRow() + log->verticalScrollBar()->pageStep(),
                 qPrintable(QStringLiteral("row %1, first visible %2").arg(row)
                                .arg(log->firstVisibleRow())));
        QCOMPARE(log->selectedText().trimmed(), u"##pw[stage s4]"_qs);

        // Picking another stage in the table moves the log there.
        const int s1 = [&] {
            for (int r = 0; r < area->stagesModel()->rowCount(); ++r) {
                if (area->stagesModel()->record(r).stageId == u"s1")
                    return r;
            }
            return -1;
        }();
        QVERIFY(s1 >= 0);
        area->stagesView()->setCurrentIndex(area->stagesModel()->index(s1, 0));
        QCOMPARE(log->selectedText().trimmed(), u"##pw[stage s1]"_qs);
    }

    void runShowsStatusStagesAndLog()
    {
        QTemporaryDir project;
        const QString path = writePipeline(project, "name: hello\n"
                                                    "stages:\n"
                                                    "  - id: greet\n"
                                                    "    steps:\n"
                                                    "      - run: echo hello-from-step\n"
                                                    "  - id: after\n"
                                                    "    needs: [greet]\n"
                                                    "    steps:\n"
                                                    "      - run: echo second >&2\n");
        MainWindow window;
        window.show();
        RunsArea *area = window.runsArea();
        QVERIFY(!area->runAction()->isEnabled()); // nothing open yet
        QVERIFY(openAndWait(window, path));
        QVERIFY(area->runAction()->isEnabled());

        QSignalSpy finished(window.engine(), &RunEngine::runFinished);
        area->runAction()->trigger();
        QCOMPARE(window.currentArea(), int(MainWindow::RunsAreaIndex));
        QVERIFY(area->selectedRun() > 0);
        QCOMPARE(area->runsModel()->record(0).id, area->selectedRun());
        QVERIFY(finished.wait(30000));
        QCOMPARE(pw::core::toString(finished.first().at(1).value<RunStatus>()),
                 pw::core::toString(RunStatus::Succeeded));

        QCOMPARE(cell(area->runsModel(), 0, pw::ui::RunListModel::StatusColumn),
                 pw::core::toString(RunStatus::Succeeded));
        QCOMPARE(cell(area->runsModel(), 0, pw::ui::RunListModel::TriggerColumn),
                 QStringLiteral("manual"));
        QVERIFY(!cell(area->runsModel(), 0, pw::ui::RunListModel::DurationColumn).isEmpty());
        QCOMPARE(area->stagesModel()->rowCount(), 2);
        for (int row = 0; row < 2; ++row)
            QCOMPARE(cell(area->stagesModel(), row, pw::ui::RunStageModel::StatusColumn),
                     pw::core::toString(pw::core::StageStatus::Succeeded));
        QTRY_VERIFY(area->logView()->toPlainText().contains(QStringLiteral("hello-from-step")));
        QTRY_VERIFY(area->logView()->toPlainText().contains(QStringLiteral("second")));
        QVERIFY(!area->cancelAction()->isEnabled());
        QVERIFY(area->rerunAction()->isEnabled());
        QVERIFY(!area->rerunFailedAction()->isEnabled());

        // Selecting the finished run again reads its log back from disk: the same text,
        // stage and step groups included, as was shown live.
        QTRY_VERIFY(area->logView()->toPlainText().contains(QStringLiteral("##pw[end succeeded]")));
        const QString live = area->logView()->toPlainText();
        area->logView()->setRun(0);
        QVERIFY(area->logView()->toPlainText().isEmpty());
        area->logView()->setRun(area->selectedRun());
        QVERIFY(area->logView()->isLoading()); // a finished run is read off the GUI thread
        QTRY_VERIFY(!area->logView()->isLoading());
        QVERIFY(area->logView()->toPlainText().contains(QStringLiteral("hello-from-step")));
        QCOMPARE(area->logView()->toPlainText(), live);
    }

    void approvalGateWaitsForApprove()
    {
        QTemporaryDir project;
        const QString path = writePipeline(project, "name: gated\n"
                                                    "stages:\n"
                                                    "  - id: ship\n"
                                                    "    approval: true\n"
                                                    "    steps:\n"
                                                    "      - run: echo shipped\n");
        MainWindow window;
        RunsArea *area = window.runsArea();
        QVERIFY(openAndWait(window, path));
        QSignalSpy needed(window.engine(), &RunEngine::approvalNeeded);
        QSignalSpy finished(window.engine(), &RunEngine::runFinished);
        const qint64 runId = area->runPipeline();
        QVERIFY(runId > 0);
        QVERIFY(needed.wait(30000));
        QTRY_VERIFY(area->approveAction()->isEnabled());
        QVERIFY(area->rejectAction()->isEnabled());
        QVERIFY(area->cancelAction()->isEnabled());
        area->approveAction()->trigger();
        QVERIFY(finished.count() > 0 || finished.wait(30000));
        QCOMPARE(pw::core::toString(window.engine()->runStatus(runId)),
                 pw::core::toString(RunStatus::Succeeded));
        QVERIFY(!area->approveAction()->isEnabled());
    }

    void rerunFailedRunsOnlyWhatDidNotSucceed()
    {
        QTemporaryDir project;
        const QString path = writePipeline(project, "name: flaky\n"
                                                    "stages:\n"
                                                    "  - id: good\n"
                                                    "    steps:\n"
                                                    "      - run: echo fine\n"
                                                    "  - id: bad\n"
                                                    "    needs: [good]\n"
                                                    "    steps:\n"
                                                    "      - run: exit 3\n");
        MainWindow window;
        RunsArea *area = window.runsArea();
        QVERIFY(openAndWait(window, path));
        QSignalSpy finished(window.engine(), &RunEngine::runFinished);
        const int rowsBefore = area->runsModel()->rowCount();
        const qint64 first = area->runPipeline();
        QVERIFY(finished.wait(30000));
        QCOMPARE(pw::core::toString(window.engine()->runStatus(first)),
                 pw::core::toString(RunStatus::Failed));
        QVERIFY(area->rerunFailedAction()->isEnabled());

        area->rerunFailedAction()->trigger();
        const qint64 second = area->selectedRun();
        QVERIFY(second > first);
        QCOMPARE(area->runsModel()->rowCount(), rowsBefore + 2);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 30000);
        // Only the failed stage ran again.
        QCOMPARE(area->stagesModel()->rowCount(), 1);
        QCOMPARE(area->stagesModel()->record(0).stageId, QStringLiteral("bad"));
        QVERIFY(cell(area->runsModel(), 0, pw::ui::RunListModel::TriggerColumn)
                    .contains(QStringLiteral("re-run failed")));
    }

private:
    TestSettings m_settings;
};

QTEST_MAIN(TestRunsArea)
#include "tst_runsarea.moc"
