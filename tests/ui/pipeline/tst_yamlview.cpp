#include "ui/pipeline/yamlview.h"

#include <QTest>
#include <QTextBlock>

using pw::ui::YamlView;

class TestYamlView : public QObject
{
    Q_OBJECT

private slots:
    void jumpTo_data()
    {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("selected");
        QTest::newRow("key") << 3 << 5 << QStringLiteral("timeout");
        QTest::newRow("value") << 3 << 14 << QStringLiteral("10 minutes");
        QTest::newRow("flow item") << 2 << 11 << QStringLiteral("biuld");
        QTest::newRow("quoted") << 4 << 11 << QStringLiteral("\"a: b\"");
        QTest::newRow("whole line") << 1 << 0 << QStringLiteral("- id: test");
    }

    void jumpTo()
    {
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, selected);
        YamlView view;
        view.setDocumentText(QStringLiteral("- id: test\n"
                                            "  needs: [biuld, lint]\n"
                                            "    timeout: 10 minutes # why\n"
                                            "    name: \"a: b\"\n"));
        view.jumpTo(line, column);
        const QTextCursor cursor = view.textCursor();
        QCOMPARE(cursor.block().blockNumber() + 1, line);
        QCOMPARE(cursor.selectedText(), selected);
        QCOMPARE(cursor.selectionStart() - cursor.block().position(), qMax(0, column - 1));
    }

    void jumpPastTheEndIsHarmless()
    {
        YamlView view;
        view.setDocumentText(QStringLiteral("a: 1\n"));
        view.jumpTo(99, 1);
        QCOMPARE(view.textCursor().blockNumber(), 0);
        view.jumpTo(1, 80);
        QCOMPARE(view.textCursor().blockNumber(), 0);
    }

    void readOnlyMonospaceWithGutter()
    {
        YamlView view;
        QVERIFY(view.isReadOnly());
        QVERIFY(QFontInfo(view.font()).fixedPitch());
        view.setDocumentText(QStringLiteral("x\n").repeated(5));
        const int small = view.lineNumberAreaWidth();
        view.setDocumentText(QStringLiteral("x\n").repeated(20000));
        QVERIFY(view.lineNumberAreaWidth() > small);
    }
};

QTEST_MAIN(TestYamlView)
#include "tst_yamlview.moc"
