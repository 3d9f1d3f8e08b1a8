#include "ui/logview/logsearchbar.h"
#include "ui/logview/logview.h"
#include "ui/logview/logviewer.h"
#include "ui/logview/logviewmodel.h"

#include "core/logs/logbuffer.h"
#include "core/logs/logsearch.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace pw::core;
using namespace pw::ui;

class TstLogViewer : public QObject
{
    Q_OBJECT

    static void fillSample(LogBuffer &log)
    {
        qint64 t = 1700000000000;
        log.setStartTime(t);
        auto add = [&](const QByteArray &line, OutputStream s = OutputStream::Stdout) {
            log.append(line + '\n', s, t += 137);
        };
        add("##pw[stage build]");
        add("\x1b[0Ksection_start:1700000000:deps[collapsed=true]\r\x1b[0K\x1b[1mInstall deps");
        for (int i = 0; i < 30; ++i)
            add("  fetched package-" + QByteArray::number(i) + " \x1b[32mok\x1b[0m");
        add("\x1b[0Ksection_end:1700000004:deps\r\x1b[0K");
        add("::group::Compile");
        add("\x1b[36m[ 10%]\x1b[0m Building CXX object core/logs/ansiparser.cpp.o");
        add("\x1b[36m[ 50%]\x1b[0m Building CXX object core/logs/logsearch.cpp.o");
        add("\x1b[1;33mwarning:\x1b[0m unused variable \x1b[38;5;208m'x'\x1b[0m");
        add("\x1b[36m[100%]\x1b[0m Linking \x1b[38;2;120;200;255mpipewright\x1b[0m");
        add("::endgroup::");
        add("##pw[step test]");
        add("\x1b[1mRunning 3 tests\x1b[0m");
        add("  \x1b[32m✔\x1b[0m parses colours");
        add("  \x1b[32m✔\x1b[0m folds groups");
        add("  \x1b[31m✘ search finds error lines\x1b[0m", OutputStream::Stderr);
        add("\x1b[1;31merror:\x1b[0m expected 3 hits, got 2 (see "
            "\x1b]8;;https://example.com/ci\x1b\\the docs\x1b]8;;\x1b\\)", OutputStream::Stderr);
        add("download 10%\r\x1b[Kdownload 55%\r\x1b[Kdownload 100% \x1b[7mdone\x1b[0m");
        add("##pw[end failed]");
    }

private slots:
    void initTestCase() { QApplication::setApplicationName(u"tst_logviewer"_qs); }

    void foldSearchFollowAndScreenshot()
    {
        LogBuffer log;
        fillSample(log);
        LogViewer viewer;
        viewer.resize(980, 560);
        viewer.setSource(&log);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        LogView *view = viewer.view();
        LogViewModel *model = view->model();

        // The GitLab section started collapsed: its 31 lines are hidden, and so are the
        // markers ending the open groups (::endgroup:: and ##pw[end]), whose headers say how
        // they ended; the markers stay in the log itself.
        const qint64 lines = log.lineCount();
        QCOMPARE(model->rowCount(), lines - 31 - 2);
        for (qint64 row = 0; row < model->rowCount(); ++row) {
            const QByteArray shown = log.lineBytes(model->lineForRow(row), 200);
            QVERIFY2(!shown.startsWith("::endgroup::") && !shown.startsWith("##pw[end"),
                     shown.constData());
        }
        QCOMPARE(log.lineBytes(38, 200), QByteArray("::endgroup::"));
        QCOMPARE(model->rowForLine(39), model->rowForLine(37) + 1);
        // Fold "Compile" by clicking its header row.
        const int compile = model->groupAtHeader(33);
        QVERIFY(compile >= 0);
        QVERIFY(!model->isCollapsed(compile));
        view->setFollowing(false);
        view->verticalScrollBar()->setValue(0);
        const int rowY = int((model->rowForLine(33) + 0.5) * 17);
        Q_UNUSED(rowY);
        // Find the row's y from the painter's line height.
        QTest::qWait(0);
        view->viewport()->repaint();
        const qreal lh = QFontMetricsF(view->font()).height(); // only for a sane lower bound
        QVERIFY(lh > 0);
        QPoint at(200, 0);
        for (int y = 1; y < view->viewport()->height(); y += 2) {
            at.setY(y);
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
            if (model->isCollapsed(compile))
                break;
            // A click elsewhere only selects; a header click toggles.
            for (int g = 0; g < int(log.groups().size()); ++g) {
                if (g != compile && model->isCollapsed(g) != log.groups()[size_t(g)].collapsed)
                    model->toggle(g);
            }
        }
        QVERIFY(model->isCollapsed(compile));
        QCOMPARE(model->rowCount(), lines - 31 - 5 - 1);
        QVERIFY2(view->groupInfo(compile).startsWith(u"4 lines ·"), // its output, not its marker
                 qPrintable(view->groupInfo(compile)));

        // The failed step's groups are open; the failed stage too.
        const int stage = model->groupAtHeader(0);
        QVERIFY(log.groups()[size_t(stage)].failed);
        QVERIFY(!model->isCollapsed(stage));

        // Search: Ctrl+F, type, hits arrive, F3 moves; hits in folded groups unfold them.
        QTest::keyClick(view, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(viewer.searchBar()->isVisible());
        QTest::keyClicks(viewer.searchBar()->lineEdit(), u"building"_qs);
        QSignalSpy finished(view->search(), &LogSearch::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(view->search()->hitCount(), 2);
        QTest::keyClick(view, Qt::Key_F3);
        const qint64 first = view->currentHit();
        QVERIFY(first >= 0);
        QVERIFY(!model->isCollapsed(compile)); // the hit was inside the folded group
        QTest::keyClick(view, Qt::Key_F3);
        QCOMPARE(view->currentHit(), (first + 1) % 2);
        QTest::keyClick(view, Qt::Key_F3, Qt::ShiftModifier);
        QCOMPARE(view->currentHit(), first);

        // Case toggle and regex change the count.
        viewer.searchBar()->lineEdit()->setText(u"\\[\\s*\\d+%\\]"_qs);
        const auto buttons = viewer.searchBar()->findChildren<QToolButton *>();
        for (QToolButton *b : buttons) {
            if (b->text() == u".*")
                b->setChecked(true);
        }
        QTRY_VERIFY(!view->search()->isRunning() && view->search()->query().regex);
        QTRY_COMPARE(view->search()->hitCount(), 3);

        // Jump to the first error line.
        view->jumpToFirstError();
        QTRY_VERIFY(view->firstErrorLine() >= 0);
        QCOMPARE(log.lineBytes(view->firstErrorLine()).contains("error"), true);

        // Copy: the selected error line as plain text, escapes removed.
        view->goToLine(view->firstErrorLine());
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), u"  \u2718 search finds error lines"_qs);

        // Screenshot of the coloured, grouped log with hits, times and a failed step.
        view->setTimestampMode(LogView::TimestampMode::Relative);
        viewer.searchBar()->lineEdit()->setText(u"ok|error|Building"_qs);
        QTRY_COMPARE(view->search()->hitCount(), 34);
        model->setCollapsed(model->groupAtHeader(1), false);
        model->setCollapsed(model->groupAtHeader(1), true);
        view->verticalScrollBar()->setValue(0);
        QTest::qWait(50);
        QDir().mkpath(QStringLiteral(PW_BINARY_DIR "/screenshots"));
        QVERIFY(viewer.grab().save(QStringLiteral(PW_BINARY_DIR "/screenshots/logview.png")));
    }

    void followTail()
    {
        LogBuffer log;
        LogViewer viewer;
        viewer.resize(700, 300);
        viewer.setSource(&log);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        LogView *view = viewer.view();
        QScrollBar *bar = view->verticalScrollBar();
        for (int i = 0; i < 500; ++i)
            log.append("line " + QByteArray::number(i) + '\n');
        QVERIFY(view->isFollowing());
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(bar->maximum() > 0);

        // Scrolling up stops following: new lines no longer move the view.
        QTest::keyClick(view, Qt::Key_PageUp);
        QVERIFY(!view->isFollowing());
        const int held = bar->value();
        log.append(QByteArray("more\n").repeated(100));
        QCOMPARE(bar->value(), held);

        // Back at the bottom (End), it follows again.
        QTest::keyClick(view, Qt::Key_End);
        QVERIFY(view->isFollowing());
        log.append(QByteArray("again\n").repeated(100));
        QCOMPARE(bar->value(), bar->maximum());
    }

    void veryLongLineIsCutWithMarker()
    {
        LogBuffer log;
        QByteArray big(10 << 20, 'z');
        log.append("short\n" + big + "\nend\n");
        LogViewer viewer;
        viewer.resize(600, 200);
        viewer.setSource(&log);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        LogViewModel *model = viewer.view()->model();
        QVERIFY(model->isCut(1));
        const QString shown = model->styledLine(1).text;
        QVERIFY(shown.size() < 70000);
        QVERIFY(shown.contains(u"line cut"_qs));
        QCOMPARE(log.lineBytes(1).size(), big.size());
    }

    void zoomChangesFont()
    {
        LogViewer viewer;
        LogBuffer log;
        log.append("x\n");
        viewer.setSource(&log);
        viewer.show();
        const qreal before = viewer.view()->fontPointSize();
        QTest::keyClick(viewer.view(), Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(viewer.view()->fontPointSize() > before);
        QTest::keyClick(viewer.view(), Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(viewer.view()->fontPointSize(), before);
    }
};

QTEST_MAIN(TstLogViewer)
#include "tst_logviewer.moc"
