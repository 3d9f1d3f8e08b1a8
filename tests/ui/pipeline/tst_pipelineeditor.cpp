#include "../testsettings.h"

#include "ui/pipeline/needsedgeitem.h"
#include "ui/pipeline/pipelineeditor.h"
#include "ui/pipeline/pipelinedocument.h"
#include "ui/pipeline/pipelinegraphview.h"
#include "ui/pipeline/minimapview.h"
#include "ui/pipeline/pipelinescene.h"
#include "ui/pipeline/stageinspector.h"
#include "ui/pipeline/steppalette.h"
#include "ui/pipeline/stagenodeitem.h"
#include "ui/app/mainwindow.h"
#include "ui/pipeline/pipelinearea.h"
#include "ui/pipeline/problemsmodel.h"
#include "ui/pipeline/yamlview.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QGraphicsPathItem>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace pw::ui;

// The visual editor driven as a person would: keyboard shortcuts and mouse drags on the real
// widgets of the main window (offscreen), checked against the pipeline text.
class TestPipelineEditor : public QObject
{
    Q_OBJECT

private:
    TestSettings m_settings;
    QTemporaryDir m_dir;

    static QString readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    QString copyInput(const QString &name)
    {
        const QString target = m_dir.filePath(name);
        QFile::remove(target);
        QFile::remove(m_dir.filePath(QStringLiteral(".pipewright.layout.json")));
        QFile::copy(QStringLiteral(PW_TEST_DATA_DIR "/editor/") + name, target);
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
        return target;
    }

    // Opens the file in a shown, active main window and waits for the graph; with `whole`,
    // fits the whole graph as F does (the tests then know where every node is on screen).
    static bool open(MainWindow &window, const QString &path, bool whole = true)
    {
        window.resize(1400, 860);
        window.show();
        QApplication::setActiveWindow(&window);
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        window.openFile(path);
        PipelineScene *scene = window.pipelineArea()->editor()->scene();
        if (!QTest::qWaitFor([scene] { return !scene->nodes().isEmpty(); }, 10000))
            return false;
        scene->finishAnimation();
        if (whole)
            window.pipelineArea()->editor()->view()->fitGraph();
        window.pipelineArea()->editor()->view()->setFocus();
        return true;
    }

    static QPoint viewPoint(MainWindow &window, const QPointF &scenePos)
    {
        return window.pipelineArea()->editor()->view()->mapFromScene(scenePos);
    }

    // keyClicks() takes no newlines: Return is pressed between the lines.
    static void type(QWidget *widget, const QString &text)
    {
        const QStringList lines = text.split(u'\n');
        for (int i = 0; i < lines.size(); ++i) {
            if (i > 0)
                QTest::keyClick(widget, Qt::Key_Return);
            QTest::keyClicks(widget, lines[i]);
        }
    }

    static void drag(QWidget *viewport, QPoint from, QPoint to)
    {
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        for (int i = 1; i <= 6; ++i)
            QTest::mouseMove(viewport, from + (to - from) * i / 6);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // A step added from the palette leaves its required fields empty: the file then names
    // exactly what is missing instead of carrying a placeholder that would run.
    void paletteStepNamesItsMissingFields()
    {
        PipelineDocument doc;
        doc.reset(QStringLiteral("stages:\n  - id: build\n    steps:\n      - run: make\n"),
                  QString());
        QVERIFY(doc.addStepOfKind(QStringLiteral("build"), QStringLiteral("docker-build")));
        QCOMPARE(doc.pipeline().stage(QStringLiteral("build"))->steps.size(), 2);
        QStringList messages;
        for (const pw::core::Diagnostic &d : doc.diagnostics())
            messages << d.message;
        QVERIFY2(messages.join(u'|').contains(u"missing its required field 'context'"_qs)
                     && messages.join(u'|').contains(u"missing its required field 'tags'"_qs),
                 qPrintable(messages.join(u'|') + u"\n"_qs + doc.text()));
        QVERIFY(!doc.text().contains(u"TODO"_qs));
    }

    void addStageUndoRedoByKeyboard()
    {
        MainWindow window;
        QVERIFY(open(window, copyInput(QStringLiteral("base.yml"))));
        PipelineDocument *doc = window.pipelineArea()->document();
        PipelineScene *scene = window.pipelineArea()->editor()->scene();
        QWidget *view = window.pipelineArea()->editor()->view();
        const QString original = doc->text();
        QCOMPARE(scene->nodes().size(), 4);

        QTest::keyClick(view, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(scene->nodes().size(), 5);
        QVERIFY(doc->pipeline().stage(QStringLiteral("stage-1")));
        QVERIFY(doc->text().startsWith(original.left(original.indexOf(u"# end of file"))));
        QCOMPARE(scene->selectedStageIds(), QStringList{QStringLiteral("stage-1")});

        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(scene->nodes().size(), 4);
        QCOMPARE(doc->text(), original);
        QTest::keySequence(view, QKeySequence(QKeySequence::Redo));
        QCOMPARE(scene->nodes().size(), 5);

        // Select by clicking, duplicate, then delete the selection, from the keyboard.
        QTest::mouseClick(window.pipelineArea()->editor()->view()->viewport(), Qt::LeftButton,
                          {}, viewPoint(window, scene->node(QStringLiteral("stage-1"))
                                                    ->sceneBoundingRect().center()));
        QCOMPARE(scene->selectedStageIds(), QStringList{QStringLiteral("stage-1")});
        QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(scene->nodes().size(), 6);
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(scene->nodes().size(), 5);
        QCOMPARE(doc->undoStack()->count(), 3);
    }

    void connectTwoStagesByDragging()
    {
        MainWindow window;
        QVERIFY(open(window, copyInput(QStringLiteral("base.yml"))));
        PipelineDocument *doc = window.pipelineArea()->document();
        PipelineScene *scene = window.pipelineArea()->editor()->scene();
        QWidget *viewport = window.pipelineArea()->editor()->view()->viewport();
        const int edges = int(scene->edges().size());

        // build's output port onto deploy: deploy now needs build.
        const QPoint from = viewPoint(window, scene->node(QStringLiteral("build"))
                                                  ->outputPortScenePos());
        const QPoint to = viewPoint(window, scene->node(QStringLiteral("deploy"))
                                                ->sceneBoundingRect().center());
        drag(viewport, from, to);
        QCOMPARE(doc->pipeline().stage(QStringLiteral("deploy"))->needs,
                 (QStringList{QStringLiteral("test"), QStringLiteral("evaluate"),
                              QStringLiteral("build")}));
        QVERIFY(doc->text().contains(QStringLiteral("    needs: [test, evaluate, build]\n")));
        QCOMPARE(scene->edges().size(), edges + 1);
        QCOMPARE(window.pipelineArea()->yamlView()->toPlainText(), doc->text());

        QTest::keyClick(window.pipelineArea()->editor()->view(), Qt::Key_Z,
                        Qt::ControlModifier);
        QCOMPARE(scene->edges().size(), edges);
    }

    void cycleIsRefusedWhileDragging()
    {
        MainWindow window;
        QVERIFY(open(window, copyInput(QStringLiteral("base.yml"))));
        PipelineDocument *doc = window.pipelineArea()->document();
        PipelineScene *scene = window.pipelineArea()->editor()->scene();
        QWidget *viewport = window.pipelineArea()->editor()->view()->viewport();
        const QString before = doc->text();
        QSignalSpy feedback(scene, &PipelineScene::connectionFeedback);

        // deploy → build would close build → test → deploy → build.
        const QPoint from = viewPoint(window, scene->node(QStringLiteral("deploy"))
                                                  ->outputPortScenePos());
        const QPoint to = viewPoint(window, scene->node(QStringLiteral("build"))
                                                ->sceneBoundingRect().center());
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QVERIFY(scene->isConnecting());
        for (int i = 1; i <= 6; ++i)
            QTest::mouseMove(viewport, from + (to - from) * i / 6);
        QVERIFY(scene->connectionRefused());
        QVERIFY2(scene->connectionRefusal().contains(QStringLiteral("cycle")),
                 qPrintable(scene->connectionRefusal()));
        QVERIFY(!feedback.isEmpty());
        QCOMPARE(feedback.last().at(0).toBool(), true);
        // The rubber band is drawn red.
        bool red = false;
        for (QGraphicsItem *item : scene->items()) {
            if (auto *path = dynamic_cast<QGraphicsPathItem *>(item);
                path && item->type() == QGraphicsPathItem::Type)
                red = path->pen().color() == QColor(0xd6, 0x45, 0x41);
        }
        QVERIFY(red);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        QCOMPARE(doc->text(), before);
        QCOMPARE(doc->undoStack()->count(), 0);

        // A duplicate is refused too.
        QString why;
        QVERIFY(!doc->canAddNeed(QStringLiteral("deploy"), QStringLiteral("test"), &why));
        QVERIFY(why.contains(QStringLiteral("already")));
    }

    void yamlEditShowsInGraph()
    {
        MainWindow window;
        QVERIFY(open(window, copyInput(QStringLiteral("base.yml"))));
        PipelineDocument *doc = window.pipelineArea()->document();
        PipelineScene *scene = window.pipelineArea()->editor()->scene();
        YamlView *yaml = window.pipelineArea()->yamlView();
        QVERIFY(!yaml->isReadOnly());

        yaml->setFocus();
        QTest::keyClick(yaml, Qt::Key_End, Qt::ControlModifier);
        type(yaml, QStringLiteral("  - id: smoke\n    needs: [deploy]\n"
                                              "    steps:\n      - run: curl -f localhost\n"));
        QTRY_VERIFY(scene->node(QStringLiteral("smoke")));
        QCOMPARE(scene->edges().size(), 5);
        QCOMPARE(doc->undoStack()->count(), 1); // the typing is one undo step

        // Broken YAML: problems show, the last good graph stays.
        type(yaml, QStringLiteral("  - id: [oops\n"));
        QTRY_VERIFY(window.pipelineArea()->problemsModel()->errorCount() > 0);
        QVERIFY(scene->node(QStringLiteral("smoke")));
        QCOMPARE(scene->nodes().size(), 5);

        // Undo from the YAML pane takes the whole typing back.
        QTest::keyClick(yaml, Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(scene->nodes().size(), 4);
        QCOMPARE(yaml->toPlainText(), doc->text());
    }

    void saveKeepsComments()
    {
        MainWindow window;
        const QString path = copyInput(QStringLiteral("base.yml"));
        QVERIFY(open(window, path));
        PipelineDocument *doc = window.pipelineArea()->document();
        PipelineScene *scene = window.pipelineArea()->editor()->scene();
        QWidget *view = window.pipelineArea()->editor()->view();

        // Move a node (pins it), rename a stage's display name, connect, then save.
        StageNodeItem *test = scene->node(QStringLiteral("test"));
        const QPoint grab = viewPoint(window, test->sceneBoundingRect().center()
                                                  + QPointF(0, 10));
        drag(window.pipelineArea()->editor()->view()->viewport(), grab,
             grab + QPoint(0, 90));
        QVERIFY(doc->isPinned(QStringLiteral("test")));
        QCOMPARE(doc->undoStack()->count(), 1); // one drag, one step
        QVERIFY(doc->setStageValue(QStringLiteral("deploy"), QStringLiteral("name"),
                                   QStringLiteral("Ship")));
        QTest::keyClick(view, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(!doc->isModified());

        const QString saved = readFile(path);
        for (const char *comment : {"# Sentiment service: build, test, evaluate, ship.",
                                    "# generous: cold pip caches are slow",
                                    "pytest -q tests   # quick",
                                    "- build   # the model comes from the wheel",
                                    "# Ship only when both branches agree.", "# end of file"})
            QVERIFY2(saved.contains(QString::fromUtf8(comment)), comment);
        QVERIFY(saved.contains(QStringLiteral("    name: Ship\n")));
        const QString layout = readFile(doc->layoutFilePath());
        QVERIFY(layout.contains(QStringLiteral("\"test\"")));
        QVERIFY(!saved.contains(QStringLiteral("pinned")));
    }

    // The canvas gets the room, the graph fills it (never above 100 %), the minimap stays a
    // corner overlay and the inspector shows the selected stage.
    void layoutFitsGraphAndShowsInspector()
    {
        MainWindow window;
        QVERIFY(open(window, copyInput(QStringLiteral("realistic.yml"))));
        PipelineEditor *editor = window.pipelineArea()->editor();
        PipelineGraphView *view = editor->view();
        QWidget *yaml = window.pipelineArea()->yamlView();
        QVERIFY(view->width() >= yaml->width());
        QVERIFY(view->width() > editor->inspector()->width());
        QVERIFY(view->width() > editor->palette()->width());
        QVERIFY(editor->inspector()->width() >= 220);

        QVERIFY(editor->minimap()->width() <= 200);
        QVERIFY(editor->minimap()->width() <= view->viewport()->width() / 5);

        // Fitted: the whole graph is visible and uses most of the canvas width or height.
        const QRectF graph = editor->scene()->itemsBoundingRect();
        const QRectF shown = view->mapToScene(view->viewport()->rect()).boundingRect();
        QVERIFY(shown.contains(graph));
        QVERIFY(view->zoom() <= 1.0);
        QVERIFY(graph.width() * view->zoom() > view->viewport()->width() * 0.7
                || graph.height() * view->zoom() > view->viewport()->height() * 0.7);

        // Resizing re-fits until the user zooms by hand.
        QVERIFY(view->autoFit());
        const qreal before = view->zoom();
        window.resize(1200, 860);
        QTRY_VERIFY(view->zoom() < before);
        QTest::keyClick(view, Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(!view->autoFit());
        const qreal manual = view->zoom();
        window.resize(1400, 860);
        QTRY_VERIFY(view->width() > 400);
        QCOMPARE(view->zoom(), manual);
        QTest::keyClick(view, Qt::Key_F);
        QVERIFY(view->autoFit());

        editor->scene()->selectStages({QStringLiteral("evaluate")});
        QCOMPARE(editor->inspector()->stageId(), QStringLiteral("evaluate"));
        auto *idEdit = editor->inspector()->findChild<QLineEdit *>(QStringLiteral("stageIdEdit"));
        QVERIFY(idEdit);
        QCOMPARE(idEdit->text(), QStringLiteral("evaluate"));
        QTRY_VERIFY(idEdit->isVisible() && idEdit->width() > 50);
    }

    // A newly opened graph too wide for the canvas is not shrunk past reading: it opens at a
    // readable zoom with its first stage in view, stays so on resize, and F shows it whole.
    void openedGraphIsReadable()
    {
        MainWindow window;
        QVERIFY(open(window, copyInput(QStringLiteral("realistic.yml")), false));
        PipelineGraphView *view = window.pipelineArea()->editor()->view();
        PipelineScene *scene = window.pipelineArea()->editor()->scene();
        const QRectF graph = scene->itemsBoundingRect();
        const auto shown = [view] {
            return view->mapToScene(view->viewport()->rect()).boundingRect();
        };
        const auto firstStageShown = [&] {
            return shown().contains(scene->node(QStringLiteral("build"))->sceneBoundingRect());
        };
        QVERIFY(view->autoFit());
        QVERIFY2(view->zoom() >= PipelineGraphView::ReadableZoom && view->zoom() <= 1.0,
                 qPrintable(QString::number(view->zoom())));
        QVERIFY2(!shown().contains(graph), "the graph fits whole: this canvas tests nothing");
        QVERIFY(firstStageShown());

        const int before = view->viewport()->width();
        window.resize(1200, 860);
        QTRY_VERIFY(view->viewport()->width() < before);
        QVERIFY(view->zoom() >= PipelineGraphView::ReadableZoom);
        QTRY_VERIFY(firstStageShown());

        QTest::keyClick(view, Qt::Key_F);
        QVERIFY(view->autoFit());
        QVERIFY(shown().contains(graph));
        QVERIFY(view->zoom() < PipelineGraphView::ReadableZoom);
    }

    void screenshotOfRealisticPipeline()
    {
        MainWindow window;
        QVERIFY(open(window, copyInput(QStringLiteral("realistic.yml"))));
        PipelineScene *scene = window.pipelineArea()->editor()->scene();
        QCOMPARE(scene->nodes().size(), 6);
        QCOMPARE(window.pipelineArea()->problemsModel()->errorCount(), 0);
        // Parallel branch: test, lint and evaluate share a column.
        PipelineDocument *doc = window.pipelineArea()->document();
        QCOMPARE(doc->position(QStringLiteral("test")).x(),
                 doc->position(QStringLiteral("lint")).x());
        scene->setStageStatus(QStringLiteral("build"), pw::core::StageStatus::Succeeded);
        scene->setStageStatus(QStringLiteral("test"), pw::core::StageStatus::Running);
        scene->setStageStatus(QStringLiteral("lint"), pw::core::StageStatus::Succeeded);
        scene->setStageStatus(QStringLiteral("evaluate"), pw::core::StageStatus::Running);
        scene->selectStages({QStringLiteral("evaluate")});
        StageInspector *inspector = window.pipelineArea()->editor()->inspector();
        const auto idEdit = [inspector] {
            return inspector->findChild<QLineEdit *>(QStringLiteral("stageIdEdit"));
        };
        QTRY_VERIFY(idEdit() && idEdit()->isVisible() && idEdit()->width() > 50);
        QCOMPARE(idEdit()->text(), QStringLiteral("evaluate"));
        // A command wider than its field shows its beginning.
        bool commandSeen = false;
        for (const QLineEdit *edit : inspector->findChildren<QLineEdit *>()) {
            if (edit->text() != u"python eval.py > metrics.json")
                continue;
            commandSeen = true;
            QCOMPARE(edit->cursorPosition(), 0);
        }
        QVERIFY(commandSeen);
        window.pipelineArea()->editor()->view()->showReadable(); // as a newly opened file

        const QString dir = QStringLiteral(PW_BINARY_DIR "/screenshots");
        QVERIFY(QDir().mkpath(dir));
        const QString file = dir + QStringLiteral("/editor.png");
        QVERIFY(window.grab().save(file));
        qInfo().noquote() << "screenshot:" << file;
    }
};

QTEST_MAIN(TestPipelineEditor)
#include "tst_pipelineeditor.moc"
