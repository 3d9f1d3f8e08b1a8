// The core library must build without QtGui/QtWidgets: everything the GUI does must be
// possible headless. This test reads every file under core/ and fails on a GUI include.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

class tst_Layering : public QObject
{
    Q_OBJECT

private slots:
    void coreHasNoGuiIncludes()
    {
        // Built from pieces so that moc's preprocessor does not read it as an include.
        const QString hash = QStringLiteral("#");
        const QString headers = QStringLiteral(
            "QtGui|QtWidgets|QtPrintSupport|QWidget|QMainWindow|QPainter|QColor|QPixmap|"
            "QImage|QIcon|QFont|QApplication|QGuiApplication");
        static const QRegularExpression gui(
            QStringLiteral("^\\s*") + hash + QStringLiteral("\\s*include\\s*[<\"](")
                + headers + QStringLiteral(")\\b"),
            QRegularExpression::MultilineOption);
        QDirIterator it(QStringLiteral(PW_SOURCE_DIR "/core"), QDir::Files,
                        QDirIterator::Subdirectories);
        int files = 0;
        QStringList offenders;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            const QString text = QString::fromUtf8(f.readAll());
            const auto m = gui.match(text);
            if (m.hasMatch())
                offenders << f.fileName() + u": "_qs + m.captured(0).trimmed();
        }
        QVERIFY(files > 10);
        QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(u'\n')));
    }
    void coreDoesNotLinkGui()
    {
        QFile cmake(QStringLiteral(PW_SOURCE_DIR "/core/CMakeLists.txt"));
        QVERIFY(cmake.open(QIODevice::ReadOnly));
        const QByteArray text = cmake.readAll();
        QVERIFY(!text.contains("Qt6::Gui"));
        QVERIFY(!text.contains("Qt6::Widgets"));
    }
};

QTEST_GUILESS_MAIN(tst_Layering)
#include "tst_layering.moc"
