#include "../testsettings.h"

#include "ui/app/mainwindow.h"
#include "ui/pipeline/pipelinearea.h"
#include "ui/pipeline/pipelinedocument.h"
#include "ui/pipeline/pipelineeditor.h"
#include "ui/pipeline/pipelinegraphview.h"
#include "ui/pipeline/pipelinescene.h"
#include "ui/pipeline/problemsmodel.h"
#include "ui/pipeline/stageinspector.h"
#include "ui/pipeline/yamlview.h"
#include "ui/runs/runlogview.h"
#include "ui/runs/runsarea.h"

#include "core/engine/runengine.h"
#include "core/store/runstore.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTimer>
#include <QUndoStack>
#include <QWindow>

#include <functional>
#include <memory>

using pw::core::RunEngine;
using pw::core::RunStatus;
using namespace pw::ui;

namespace {

// A command whose output differs from its text: the log shows "out-WORD" only when the
// command really ran, never because the command line itself was echoed.
QByteArray pipelineWith(const QByteArray &word)
{
    return "name: wysiwyr\n"
           "stages:\n"
           "  - id: build\n"
           "    steps:\n"
           "      - run: printf 'out-%s\\n' "
        + word + "\n";
}

QString readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Answers the next modal QMessageBox named `name` by clicking the button `pick` returns, as
// a person would once it is on screen. Polls from the event loop the dialog's exec() runs.
class BoxAnswer
{
public:
    BoxAnswer(const QString &name, std::function<QAbstractButton *(QMessageBox *)> pick)
    {
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this, name, pick] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box->objectName() != name)
                return;
            m_timer.stop();
            m_seen = true;
            m_text = box->text() + u' ' + box->informativeText();
            pick(box)->click();
        });
        m_timer.start(20);
    }
    bool seen() const { return m_seen; }
    QString text() const { return m_text; }

private:
    QTimer m_timer;
    bool m_seen = false;
    QString m_text;
};

QAbstractButton *standard(QMessageBox *box, QMessageBox::StandardButton which)
{
    return box->button(which);
}

QAbstractButton *named(QMessageBox *box, const QString &text)
{
    for (QAbstractButton *b : box->buttons()) {
        if (b->text().remove(u'&') == text)
            return b;
    }
    return nullptr;
}

} // namespace

// What you edit is what runs: the one pipeline document seen through every view of a real
// main window (offscreen) over a real project in a temporary git repository, with the real
// RunEngine running host shell steps. Every path a change can take — the YAML pane, the
// stage inspector, the graph, Save As, another program writing the file — ends in the same
// file on disk and the same run.
class TestPipelineDocument : public QObject
{
    Q_OBJECT

private:
    TestSettings m_settings;
    std::unique_ptr<QTemporaryDir> m_project;
    QString m_path;
    QString m_head;

    QString git(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_project->path());
        p.start(QStringLiteral("git"),
                QStringList{u"-c"_qs, u"user.name=T"_qs, u"-c"_qs, u"user.email=t@e"_qs} + args);
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            return QStringLiteral("git %1 failed").arg(args.join(u' '));
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

    static bool open(MainWindow &window, const QString &path)
    {
        window.resize(1400, 860);
        window.show();
        QApplication::setActiveWindow(&window);
        if (!QTest::qWaitForWindowActive(&window))
            return false;
        QSignalSpy loaded(window.pipelineArea()->document(), &PipelineDocument::loaded);
        window.openFile(path);
        return loaded.wait(10000);
    }

    // The offscreen platform has no window manager to give the window its focus back when
    // a dialog closes: do what clicking into it would.
    static bool activate(MainWindow &window)
    {
        QApplication::setActiveWindow(&window);
        return QTest::qWaitForWindowActive(&window);
    }

    // Ctrl+R as the user presses it; waits for the run to end and its log to be read.
    static qint64 runByKeyboard(MainWindow &window)
    {
        if (!activate(window))
            return 0;
        QSignalSpy finished(window.engine(), &RunEngine::runFinished);
        QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
        if (!finished.wait(30000))
            return 0;
        const qint64 runId = finished.first().at(0).toLongLong();
        RunsArea *area = window.runsArea();
        if (!QTest::qWaitFor(
                [&] {
                    return area->selectedRun() == runId && !area->logView()->isLoading()
                        && area->logView()->toPlainText().contains(u"##pw[end"_qs);
                },
                10000))
            return 0;
        return runId;
    }

    static QString runLog(MainWindow &window)
    {
        return window.runsArea()->logView()->toPlainText();
    }

    // Selects `word` in the YAML pane and types `replacement` over it with the keyboard.
    static void retypeInYaml(MainWindow &window, const QString &word, const QString &replacement)
    {
        YamlView *yaml = window.pipelineArea()->yamlView();
        yaml->setFocus();
        QTextCursor cursor = yaml->document()->find(word);
        QVERIFY2(!cursor.isNull(), qPrintable(word));
        yaml->setTextCursor(cursor);
        QTest::keyClicks(yaml, replacement);
    }

    static QLineEdit *inspectorField(MainWindow &window, const QString &stage, const QString &name)
    {
        PipelineEditor *editor = window.pipelineArea()->editor();
        editor->scene()->selectStages({stage});
        QLineEdit *edit = nullptr;
        const bool shown = QTest::qWaitFor(
            [&] {
                edit = editor->inspector()->findChild<QLineEdit *>(name);
                return edit && edit->isVisible();
            },
            5000);
        return shown ? edit : nullptr;
    }

private slots:
    void init()
    {
        m_settings.clear();
        m_project = std::make_unique<QTemporaryDir>();
        QVERIFY(m_project->isValid());
        m_path = m_project->filePath(u".pipewright.yml"_qs);
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(pipelineWith("original"));
        file.close();
        git({u"init"_qs, u"-q"_qs, u"-b"_qs, u"main"_qs});
        git({u"add"_qs, u"-A"_qs});
        git({u"commit"_qs, u"-qm"_qs, u"first"_qs});
        m_head = git({u"rev-parse"_qs, u"HEAD"_qs});
        QCOMPARE(m_head.size(), 40);
    }

    // Edit a step in the YAML pane, save with Ctrl+S, run with Ctrl+R: the edited command
    // runs (it used to run the command read when the file was opened).
    void yamlEditSavedThenRun()
    {
        MainWindow window;
        QVERIFY(open(window, m_path));
        retypeInYaml(window, u"original"_qs, u"edited1"_qs);
        // The title the window system shows marks the unsaved edits.
        QTRY_VERIFY(window.isWindowModified());
        QVERIFY2(window.windowHandle()->title().startsWith(u".pipewright.yml* "_qs),
                 qPrintable(window.windowHandle()->title()));
        QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(readFile(m_path).contains(u"edited1"_qs));
        QVERIFY(!window.isWindowModified());
        QVERIFY2(window.windowHandle()->title().startsWith(u".pipewright.yml "_qs),
                 qPrintable(window.windowHandle()->title()));

        const qint64 runId = runByKeyboard(window);
        QVERIFY(runId > 0);
        QVERIFY2(runLog(window).contains(u"out-edited1"_qs), qPrintable(runLog(window)));
        QVERIFY(!runLog(window).contains(u"out-original"_qs));
        QCOMPARE(pw::core::toString(window.engine()->runStatus(runId)),
                 pw::core::toString(RunStatus::Succeeded));
        const auto record = window.engine()->store()->run(runId);
        QVERIFY(record.has_value());
        QCOMPARE(record->pipelineFile, m_path);
        // The working tree with its uncommitted edit, recorded against the repository's HEAD.
        QCOMPARE(record->commit, m_head);
        QCOMPARE(record->branch, u"main"_qs);
    }

    // The same through the stage inspector: a field typed into and left with Enter, saved,
    // run; then a field still being typed into when Ctrl+R is pressed.
    void inspectorEditRuns()
    {
        MainWindow window;
        QVERIFY(open(window, m_path));
        QLineEdit *command = inspectorField(window, u"build"_qs, u"step0_command"_qs);
        QVERIFY(command);
        command->setFocus();
        command->selectAll();
        QTest::keyClicks(command, u"printf 'out-%s\\n' edited2"_qs);
        QTest::keyClick(command, Qt::Key_Return);
        QTRY_VERIFY(window.pipelineArea()->yamlView()->toPlainText().contains(u"edited2"_qs));
        QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(readFile(m_path).contains(u"edited2"_qs));
        QVERIFY(runByKeyboard(window) > 0);
        QVERIFY2(runLog(window).contains(u"out-edited2"_qs), qPrintable(runLog(window)));

        // Typed, not yet confirmed, not saved: Run takes the field as it reads.
        window.setCurrentArea(MainWindow::PipelineAreaIndex);
        command = inspectorField(window, u"build"_qs, u"step0_command"_qs);
        QVERIFY(command);
        command->setFocus();
        command->selectAll();
        QTest::keyClicks(command, u"printf 'out-%s\\n' typed2"_qs);
        QVERIFY(runByKeyboard(window) > 0);
        QVERIFY2(runLog(window).contains(u"out-typed2"_qs), qPrintable(runLog(window)));
        QVERIFY(readFile(m_path).contains(u"typed2"_qs));
    }

    // A stage added in the graph (Ctrl+Shift+N) runs, saved first or not.
    void stageAddedInGraphRuns_data()
    {
        QTest::addColumn<bool>("saveFirst");
        QTest::newRow("saved") << true;
        QTest::newRow("unsaved") << false;
    }

    void stageAddedInGraphRuns()
    {
        QFETCH(bool, saveFirst);
        MainWindow window;
        QVERIFY(open(window, m_path));
        PipelineEditor *editor = window.pipelineArea()->editor();
        editor->view()->setFocus();
        QTest::keyClick(editor->view(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(editor->scene()->node(u"stage-1"_qs));
        QVERIFY(window.isWindowModified());
        if (saveFirst)
            QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);

        const qint64 runId = runByKeyboard(window);
        QVERIFY(runId > 0);
        QStringList ran;
        for (const pw::core::StageRecord &stage : window.engine()->store()->stages(runId)) {
            if (stage.status == pw::core::StageStatus::Succeeded)
                ran << stage.stageId;
        }
        ran.sort();
        QCOMPARE(ran, QStringList({u"build"_qs, u"stage-1"_qs}));
        QVERIFY(readFile(m_path).contains(u"id: stage-1"_qs));
        QVERIFY(!window.isWindowModified());
    }

    // Unsaved YAML edits, Run pressed at once (inside the typing pause): the file on disk
    // then holds the edits, the title no longer says unsaved, and the log shows them.
    void runWithUnsavedEditsSavesFirst()
    {
        MainWindow window;
        QVERIFY(open(window, m_path));
        retypeInYaml(window, u"original"_qs, u"unsaved3"_qs);
        QVERIFY(!readFile(m_path).contains(u"unsaved3"_qs));
        QVERIFY(runByKeyboard(window) > 0);
        QVERIFY2(runLog(window).contains(u"out-unsaved3"_qs), qPrintable(runLog(window)));
        QVERIFY(readFile(m_path).contains(u"unsaved3"_qs));
        QVERIFY(!window.isWindowModified());
        QVERIFY(!window.pipelineArea()->document()->isModified());
    }

    // A file with an error can't run and says why; fixed in the editor it runs at once (it
    // used to stay disabled until F5); broken again it can't.
    void fixingTheFileInTheEditorEnablesRun()
    {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("name: wysiwyr\n"
                   "stages:\n"
                   "  - id: build\n"
                   "    needs: [nope]\n"
                   "    steps:\n"
                   "      - run: printf 'out-%s\\n' fixed4\n");
        file.close();
        MainWindow window;
        QVERIFY(open(window, m_path));
        RunsArea *area = window.runsArea();
        QVERIFY(!area->runAction()->isEnabled());
        QVERIFY(area->runAction()->toolTip().contains(u"Problems"_qs));
        QVERIFY(window.pipelineArea()->problemsModel()->errorCount() > 0);

        retypeInYaml(window, u"    needs: [nope]"_qs, u"    name: Build"_qs);
        QTRY_VERIFY(area->runAction()->isEnabled());
        QCOMPARE(window.pipelineArea()->problemsModel()->errorCount(), 0);
        QVERIFY(runByKeyboard(window) > 0);
        QVERIFY2(runLog(window).contains(u"out-fixed4"_qs), qPrintable(runLog(window)));

        window.setCurrentArea(MainWindow::PipelineAreaIndex);
        retypeInYaml(window, u"    name: Build"_qs, u"    needs: [gone]"_qs);
        QTRY_VERIFY(!area->runAction()->isEnabled());
        QVERIFY(window.pipelineArea()->problemsModel()->errorCount() > 0);
        QCOMPARE(area->runPipeline(), 0); // asked directly too: refused
    }

    // Save As (Ctrl+Shift+S, through the file dialog) to a new folder: the title, Run, the
    // run record and later saves all use the new file; the old one stays as it was.
    void saveAsThenRunRunsTheNewFile()
    {
        QTemporaryDir other;
        const QString newPath = other.filePath(u"copy.yml"_qs);
        MainWindow window;
        QVERIFY(open(window, m_path));
        retypeInYaml(window, u"original"_qs, u"saved5"_qs);

        bool dialogSeen = false;
        QTimer picker;
        connect(&picker, &QTimer::timeout, this, [&] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            auto *name = dialog->findChild<QLineEdit *>(u"fileNameEdit"_qs);
            if (!name)
                return;
            picker.stop();
            dialogSeen = true;
            // The whole path typed into the name field, as a person may; then Save.
            name->setText(newPath);
            static_cast<QDialog *>(dialog)->accept();
        });
        picker.start(20);
        QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(dialogSeen);
        QTRY_COMPARE(window.pipelineArea()->document()->path(), newPath);
        QVERIFY(readFile(newPath).contains(u"saved5"_qs));
        QVERIFY(!readFile(m_path).contains(u"saved5"_qs));
        QVERIFY(window.windowTitle().startsWith(u"copy.yml"_qs));
        QVERIFY(!window.isWindowModified());

        const qint64 runId = runByKeyboard(window);
        QVERIFY(runId > 0);
        QCOMPARE(window.engine()->store()->run(runId)->pipelineFile, newPath);
        QVERIFY2(runLog(window).contains(u"out-saved5"_qs), qPrintable(runLog(window)));

        // The next edit and save go to the new file.
        window.setCurrentArea(MainWindow::PipelineAreaIndex);
        retypeInYaml(window, u"saved5"_qs, u"later5"_qs);
        QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(readFile(newPath).contains(u"later5"_qs));
        QVERIFY(readFile(m_path).contains(u"original"_qs));
        const qint64 second = runByKeyboard(window);
        QVERIFY(second > runId);
        QCOMPARE(window.engine()->store()->run(second)->pipelineFile, newPath);
        QVERIFY2(runLog(window).contains(u"out-later5"_qs), qPrintable(runLog(window)));
    }

    // Another program writes the file. Without unsaved edits every view takes it in: the
    // YAML pane, the graph and Run. Editors that replace the file by a rename are followed.
    void externalChangeReachesEveryView_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("written in place") << u"cat > .pipewright.yml"_qs;
        QTest::newRow("replaced by rename")
            << u"cat > .pipewright.yml.tmp && mv .pipewright.yml.tmp .pipewright.yml"_qs;
    }

    void externalChangeReachesEveryView()
    {
        QFETCH(QString, how);
        MainWindow window;
        QVERIFY(open(window, m_path));
        PipelineDocument *document = window.pipelineArea()->document();
        const auto writeOutside = [&](const QByteArray &yaml) {
            QProcess sh;
            sh.setWorkingDirectory(m_project->path());
            sh.start(u"sh"_qs, {u"-c"_qs, how});
            sh.write(yaml);
            sh.closeWriteChannel();
            return sh.waitForFinished(10000) && sh.exitCode() == 0;
        };
        for (const QByteArray &word : {QByteArray("outside6"), QByteArray("again6")}) {
            QVERIFY(writeOutside(pipelineWith(word) + "  - id: extra-" + word
                                 + "\n"
                                   "    steps: [{run: echo extra}]\n"));
            const QString stage = u"extra-"_qs + QString::fromLatin1(word);
            QTRY_VERIFY_WITH_TIMEOUT(document->pipeline().stage(stage), 10000);
            QVERIFY(window.pipelineArea()->yamlView()->toPlainText().contains(
                QString::fromLatin1(word)));
            QTRY_VERIFY(window.pipelineArea()->editor()->scene()->node(stage));
            QVERIFY(!window.isWindowModified());
            QVERIFY(runByKeyboard(window) > 0);
            QVERIFY2(runLog(window).contains(u"out-"_qs + QString::fromLatin1(word)),
                     qPrintable(runLog(window)));
            window.setCurrentArea(MainWindow::PipelineAreaIndex);
        }
    }

    // With unsaved edits a change on disk is asked about: Keep leaves the edits (and the
    // window modified), Reload takes the file's text.
    void externalChangeWithUnsavedEditsAsks()
    {
        MainWindow window;
        QVERIFY(open(window, m_path));
        PipelineDocument *document = window.pipelineArea()->document();
        retypeInYaml(window, u"original"_qs, u"mine7"_qs);
        QTRY_VERIFY(document->text().contains(u"mine7"_qs));
        const auto writeOutside = [&](const QByteArray &word) {
            QFile file(m_path);
            return file.open(QIODevice::WriteOnly) && file.write(pipelineWith(word)) > 0;
        };
        {
            BoxAnswer keep(u"changedOnDiskBox"_qs,
                           [](QMessageBox *box) { return named(box, u"Keep My Edits"_qs); });
            QVERIFY(writeOutside("theirs7"));
            QTRY_VERIFY_WITH_TIMEOUT(keep.seen(), 10000);
            QVERIFY(keep.text().contains(u".pipewright.yml"_qs));
        }
        QVERIFY(document->text().contains(u"mine7"_qs));
        QVERIFY(window.isWindowModified());
        {
            BoxAnswer reload(u"changedOnDiskBox"_qs,
                             [](QMessageBox *box) { return named(box, u"Reload"_qs); });
            QVERIFY(writeOutside("theirs8"));
            QTRY_VERIFY_WITH_TIMEOUT(reload.seen(), 10000);
        }
        QTRY_VERIFY(document->text().contains(u"theirs8"_qs));
        QVERIFY(window.pipelineArea()->yamlView()->toPlainText().contains(u"theirs8"_qs));
        QVERIFY(!window.isWindowModified());
        QVERIFY(runByKeyboard(window) > 0);
        QVERIFY2(runLog(window).contains(u"out-theirs8"_qs), qPrintable(runLog(window)));
    }

    // Ctrl+Q with unsaved edits asks Save / Discard / Cancel: Cancel keeps the window open
    // and the edits; Save writes them and closes; Discard closes and leaves the file alone.
    void quitWithUnsavedEditsAsks_data()
    {
        QTest::addColumn<int>("answer");
        QTest::newRow("discard") << int(QMessageBox::Discard);
        QTest::newRow("save") << int(QMessageBox::Save);
    }

    void quitWithUnsavedEditsAsks()
    {
        QFETCH(int, answer);
        MainWindow window;
        QVERIFY(open(window, m_path));
        retypeInYaml(window, u"original"_qs, u"quit9"_qs);
        QTRY_VERIFY(window.isWindowModified());
        {
            BoxAnswer cancel(u"unsavedChangesBox"_qs,
                             [](QMessageBox *box) { return standard(box, QMessageBox::Cancel); });
            QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
            QVERIFY(cancel.seen());
        }
        QVERIFY(window.isVisible());
        QVERIFY(window.pipelineArea()->document()->text().contains(u"quit9"_qs));
        QVERIFY(window.isWindowModified());
        QVERIFY(activate(window));
        {
            BoxAnswer close(u"unsavedChangesBox"_qs, [answer](QMessageBox *box) {
                return standard(box, QMessageBox::StandardButton(answer));
            });
            QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
            QVERIFY(close.seen());
        }
        QVERIFY(!window.isVisible());
        QCOMPARE(readFile(m_path).contains(u"quit9"_qs), answer == QMessageBox::Save);
    }

    // Without edits nothing is asked.
    void quitWithoutEditsClosesAtOnce()
    {
        MainWindow window;
        QVERIFY(open(window, m_path));
        BoxAnswer none(u"unsavedChangesBox"_qs,
                       [](QMessageBox *box) { return standard(box, QMessageBox::Cancel); });
        QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
        QVERIFY(!none.seen());
        QVERIFY(!window.isVisible());
    }
};

QTEST_MAIN(TestPipelineDocument)
#include "tst_pipelinedocument.moc"
