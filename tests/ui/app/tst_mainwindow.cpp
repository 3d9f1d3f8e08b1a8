#include "../testsettings.h"

#include "ui/pipeline/pipelineeditor.h"
#include "ui/environments/environmentsarea.h"
#include "ui/pipeline/pipelinedocument.h"
#include "ui/pipeline/pipelinescene.h"
#include "ui/pipeline/stagenodeitem.h"
#include "ui/app/mainwindow.h"
#include "ui/simulator/simulatorarea.h"
#include "ui/pipeline/pipelinearea.h"
#include "ui/pipeline/problemsmodel.h"
#include "ui/pipeline/problemsview.h"
#include "ui/app/recentfiles.h"
#include "ui/pipeline/yamlview.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTextBlock>

using pw::ui::MainWindow;
using pw::ui::PipelineDocument;
using pw::ui::ProblemsModel;

namespace {

QString dataFile(const char *name)
{
    return QStringLiteral(PW_TEST_DATA_DIR "/ui/") + QString::fromLatin1(name);
}

// Opens path and waits for the worker thread's answer.
bool openAndWait(MainWindow &window, const QString &path)
{
    PipelineDocument *document = window.pipelineArea()->document();
    QSignalSpy loaded(document, &PipelineDocument::loaded);
    window.openFile(path);
    return loaded.wait(10000);
}

QString statusSummary(MainWindow &window)
{
    // The permanent summary label is the status bar's only QLabel child we add.
    const QList<QLabel *> labels = window.statusBar()->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->text().contains(QStringLiteral("stage")))
            return label->text();
    }
    return {};
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void init() { m_settings.clear(); }

    void showsEveryProblemWithLineAndColumn()
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, dataFile("errors.yml")));
        ProblemsModel *problems = window.pipelineArea()->problemsModel();
        QVERIFY(problems->rowCount() >= 3);
        for (int row = 0; row < problems->rowCount(); ++row) {
            const QString location =
                problems->index(row, ProblemsModel::LocationColumn).data().toString();
            QVERIFY2(QRegularExpression(QStringLiteral("^errors\\.yml:\\d+:\\d+$"))
                         .match(location).hasMatch(),
                     qPrintable(location));
        }
        // The misspelt need, the bad duration and the unknown key each have a row.
        const QStringList expected = {QStringLiteral("errors.yml:8:13"),
                                      QStringLiteral("errors.yml:9:14"),
                                      QStringLiteral("errors.yml:14:5")};
        for (const QString &where : expected) {
            bool found = false;
            for (int row = 0; row < problems->rowCount(); ++row)
                found = found || problems->index(row, 0).data().toString() == where;
            QVERIFY2(found, qPrintable(where));
        }
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("errors.yml")));
        QCOMPARE(statusSummary(window),
                 QStringLiteral("3 stages, %1 problems").arg(problems->rowCount()));
    }

    void activatingAProblemJumpsToIt_data()
    {
        QTest::addColumn<bool>("byKeyboard");
        QTest::newRow("enter") << true;
        QTest::newRow("double-click") << false;
    }

    void activatingAProblemJumpsToIt()
    {
        QFETCH(bool, byKeyboard);
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, dataFile("errors.yml")));
        auto *view = window.pipelineArea()->problemsView();
        ProblemsModel *problems = window.pipelineArea()->problemsModel();
        pw::ui::YamlView *yaml = window.pipelineArea()->yamlView();

        for (int row = 0; row < problems->rowCount(); ++row) {
            const pw::core::Diagnostic &d = problems->diagnostic(row);
            if (!d.location.isValid())
                continue;
            const QModelIndex index = problems->index(row, ProblemsModel::MessageColumn);
            if (byKeyboard) {
                view->setFocus();
                view->setCurrentIndex(index);
                QTest::keyClick(view, Qt::Key_Return);
            } else {
                view->scrollTo(index);
                const QPoint center = view->visualRect(index).center();
                // A real double-click starts with a click; QTest::mouseDClick alone does not
                // press the item first, which item views require.
                QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, center);
                QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, center);
            }
            const QTextCursor cursor = yaml->textCursor();
            QCOMPARE(cursor.block().blockNumber() + 1, d.location.line);
            QCOMPARE(cursor.selectionStart() - cursor.block().position(),
                     d.location.column - 1);
            QVERIFY(yaml->hasFocus());
        }
        // The misspelt need is selected as a whole token.
        yaml->jumpTo(8, 13);
        QCOMPARE(yaml->textCursor().selectedText(), QStringLiteral("biuld"));
    }

    void recentFilesPersistAndReopen()
    {
        {
            MainWindow window;
            QVERIFY(openAndWait(window, dataFile("demo.yml")));
            QVERIFY(openAndWait(window, dataFile("errors.yml")));
            QVERIFY(!window.openFile(dataFile("does-not-exist.yml")));
            window.close();
        }
        QCOMPARE(pw::ui::RecentFiles().files(),
                 QStringList({QDir::cleanPath(dataFile("errors.yml")),
                              QDir::cleanPath(dataFile("demo.yml"))}));

        MainWindow window;
        const QList<QAction *> actions = window.recentMenu()->actions();
        QVERIFY(actions.size() >= 2);
        QVERIFY(actions[0]->text().endsWith(QStringLiteral("errors.yml")));
        QVERIFY(actions[1]->text().endsWith(QStringLiteral("demo.yml")));
        PipelineDocument *document = window.pipelineArea()->document();
        QSignalSpy loaded(document, &PipelineDocument::loaded);
        actions[1]->trigger();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(document->path(), QDir::cleanPath(dataFile("demo.yml")));
        // Reopening moved demo.yml to the top.
        QVERIFY(window.recentMenu()->actions()[0]->text().endsWith(QStringLiteral("demo.yml")));
    }

    void missingFileShowsItsProblem()
    {
        MainWindow window;
        QVERIFY(openAndWait(window, dataFile("does-not-exist.yml")));
        QVERIFY(window.pipelineArea()->document()->ioError());
        QVERIFY(window.pipelineArea()->problemsModel()->rowCount() >= 1);
        QVERIFY(pw::ui::RecentFiles().files().isEmpty());
    }

    void reloadWithF5ReadsTheFileAgain()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pipe.yml"));
        QVERIFY(QFile::copy(dataFile("demo.yml"), path));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(openAndWait(window, path));
        QCOMPARE(window.pipelineArea()->problemsModel()->rowCount(), 0);
        QCOMPARE(window.pipelineArea()->document()->pipeline().stages.size(), 7);

        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::copy(dataFile("errors.yml"), path));
        QSignalSpy loaded(window.pipelineArea()->document(), &PipelineDocument::loaded);
        QTest::keyClick(&window, Qt::Key_F5);
        QVERIFY(loaded.wait(10000));
        QVERIFY(window.pipelineArea()->problemsModel()->rowCount() >= 3);
        QCOMPARE(window.pipelineArea()->document()->pipeline().stages.size(), 3);
    }

    void areaAndGeometryPersist()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            window.resize(1411, 877);
            QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
            QCOMPARE(window.currentArea(), int(MainWindow::EnvironmentsAreaIndex));
            window.close();
        }
        MainWindow window;
        QCOMPARE(window.currentArea(), int(MainWindow::EnvironmentsAreaIndex));
        QCOMPARE(window.size(), QSize(1411, 877));
    }

    void environmentsAreaIsTheRealOne()
    {
        MainWindow window;
        window.show();
        window.setCurrentArea(MainWindow::EnvironmentsAreaIndex);
        auto *area = window.findChild<pw::ui::EnvironmentsArea *>();
        QVERIFY(area);
        QVERIFY(area->isVisible());
        // No area says it is unfinished any more.
        for (QLabel *label : window.findChildren<QLabel *>()) {
            QVERIFY2(!(label->isVisible()
                       && label->text().contains(QStringLiteral("not built yet"),
                                                 Qt::CaseInsensitive)),
                     qPrintable(label->text()));
        }
    }

    void simulatorAreaIsTheRealOne()
    {
        MainWindow window;
        window.show();
        window.setCurrentArea(MainWindow::SimulatorAreaIndex);
        QVERIFY(window.findChild<pw::ui::SimulatorArea *>());
        QVERIFY(window.findChild<pw::ui::SimulatorArea *>()->isVisible());
    }

    void screenshotWithDemoPipeline()
    {
        MainWindow window;
        window.resize(1680, 1050);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, dataFile("demo.yml")));
        QCOMPARE(window.pipelineArea()->problemsModel()->rowCount(), 0);
        // The editor's graph: 7 stage nodes in 6 layers (columns).
        pw::ui::PipelineScene *scene = window.pipelineArea()->editor()->scene();
        QCOMPARE(scene->nodes().size(), 7);
        QSet<qreal> columns;
        for (const pw::ui::StageNodeItem *node : scene->nodes())
            columns.insert(window.pipelineArea()->document()->position(node->stageId()).x());
        QCOMPARE(columns.size(), 6);
        QCOMPARE(statusSummary(window), QStringLiteral("7 stages, 0 problems"));
        window.pipelineArea()->yamlView()->jumpTo(62, 9);

        // Let the scroll area take in the overview's new size before the picture is taken.
        QCoreApplication::sendPostedEvents();
        const QString dir = QStringLiteral(PW_BINARY_DIR "/screenshots");
        QVERIFY(QDir().mkpath(dir));
        const QString file = dir + QStringLiteral("/mainwindow.png");
        QVERIFY(window.grab().save(file));
        qInfo().noquote() << "screenshot:" << file;
    }

private:
    TestSettings m_settings;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
