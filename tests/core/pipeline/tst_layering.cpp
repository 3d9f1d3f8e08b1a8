// The core library must build without QtGui/QtWidgets: everything the GUI does must be
// possible headless. And core's folders are layers: each includes only the folders its
// CMakeLists.txt names in DEPENDS (directly or through them), those must come before it in
// core/CMakeLists.txt's PW_CORE_MODULES (so no cycle), and the engine names no step kind's
// module. This test reads the CMake files and every #include under core/.
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The words of a CMake list `NAME a b c` up to the next keyword or `)`, comments dropped.
QStringList cmakeList(const QString &text, const QString &keyword)
{
    static const QStringList keywords = {QStringLiteral("DEPENDS"),
                                         QStringLiteral("PUBLIC_LIBRARIES"),
                                         QStringLiteral("PRIVATE_LIBRARIES"),
                                         QStringLiteral("SOURCES")};
    QStringList words;
    bool in = false;
    for (QString line : text.split(u'\n')) {
        line = line.section(u'#', 0, 0);
        for (const QString &word : line.split(QRegularExpression(QStringLiteral("[\\s()]+")),
                                              Qt::SkipEmptyParts)) {
            if (word == keyword || (word == u"set" && keyword == u"PW_CORE_MODULES")) {
                in = true;
                continue;
            }
            if (in && (keywords.contains(word) || word.startsWith(u"pw_core_module")))
                return words;
            if (in && word != keyword)
                words << word;
        }
        if (in && line.contains(u')'))
            return words;
    }
    return words;
}

QStringList coreModules()
{
    const QString text = readFile(QStringLiteral(PW_SOURCE_DIR "/core/CMakeLists.txt"));
    const qsizetype at = text.indexOf(QStringLiteral("set(PW_CORE_MODULES"));
    if (at < 0)
        return {};
    QStringList out;
    for (QString line : text.mid(at).split(u'\n').mid(1)) {
        line = line.section(u'#', 0, 0).trimmed();
        if (line.startsWith(u')'))
            break;
        if (!line.isEmpty())
            out << line;
    }
    return out;
}

// Each module's DEPENDS, or a problem.
QHash<QString, QStringList> moduleDepends(const QString &coreDir, QStringList *problems)
{
    QHash<QString, QStringList> depends;
    for (const QString &module : coreModules()) {
        const QString text = readFile(coreDir + u'/' + module + QStringLiteral("/CMakeLists.txt"));
        if (!text.contains(QStringLiteral("pw_core_module(") + module)) {
            *problems << QStringLiteral("core/%1/CMakeLists.txt does not declare "
                                        "pw_core_module(%1 …)").arg(module);
            continue;
        }
        depends.insert(module, cmakeList(text, QStringLiteral("DEPENDS")));
    }
    return depends;
}

// Whether `module`'s own folder files may include `other`'s headers.
bool reaches(const QHash<QString, QStringList> &depends, const QString &module,
             const QString &other)
{
    QSet<QString> seen;
    QStringList work = {module};
    while (!work.isEmpty()) {
        const QString m = work.takeLast();
        if (m == other)
            return true;
        if (seen.contains(m))
            continue;
        seen.insert(m);
        work << depends.value(m);
    }
    return false;
}

// "core/engine/x.cpp: core/docker/y.h" for every include that reaches outside what the
// including module's DEPENDS allow.
QStringList layeringViolations(const QString &coreDir, const QHash<QString, QStringList> &depends)
{
    static const QRegularExpression include(
        QStringLiteral("^\\s*#\\s*include\\s*\"core/([a-z]+)/([^\"]+)\""),
        QRegularExpression::MultilineOption);
    QStringList out;
    QDirIterator it(coreDir, {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString module = path.mid(coreDir.size() + 1).section(u'/', 0, 0);
        auto m = include.globalMatch(readFile(path));
        while (m.hasNext()) {
            const auto hit = m.next();
            const QString other = hit.captured(1);
            if (!depends.contains(module) || !reaches(depends, module, other))
                out << QStringLiteral("%1: includes core/%2/%3, but core/%4 does not depend on "
                                      "core/%2")
                           .arg(path.mid(coreDir.size() - 4), other, hit.captured(2), module);
        }
    }
    return out;
}

} // namespace

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
        QDirIterator it(QStringLiteral(PW_SOURCE_DIR "/core"), {QStringLiteral("CMakeLists.txt")},
                        QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            const QString text = readFile(path);
            ++files;
            QVERIFY2(!text.contains(QStringLiteral("Qt6::Gui")), qPrintable(path));
            QVERIFY2(!text.contains(QStringLiteral("Qt6::Widgets")), qPrintable(path));
        }
        QVERIFY(files > 10);
    }

    // Every folder of core/ is a module, in the layer order, depending only on modules
    // below it.
    void everyFolderIsAModuleInLayerOrder()
    {
        const QStringList modules = coreModules();
        QVERIFY2(modules.size() >= 10, qPrintable(modules.join(u' ')));
        QStringList problems;
        const QHash<QString, QStringList> depends =
            moduleDepends(QStringLiteral(PW_SOURCE_DIR "/core"), &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        for (int i = 0; i < modules.size(); ++i) {
            for (const QString &dep : depends.value(modules[i])) {
                const int at = int(modules.indexOf(dep));
                QVERIFY2(at >= 0 && at < i,
                         qPrintable(QStringLiteral("core/%1 depends on core/%2, which is not "
                                                   "below it").arg(modules[i], dep)));
            }
        }
        QDir core(QStringLiteral(PW_SOURCE_DIR "/core"));
        for (const QString &folder : core.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QVERIFY2(modules.contains(folder),
                     qPrintable(QStringLiteral("core/%1 is not in PW_CORE_MODULES").arg(folder)));
    }

    void includesFollowTheLayers()
    {
        QStringList problems;
        const QString coreDir = QStringLiteral(PW_SOURCE_DIR "/core");
        const auto depends = moduleDepends(coreDir, &problems);
        problems << layeringViolations(coreDir, depends);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // The engine runs step kinds through the registry it is given: it includes none of the
    // modules that implement kinds, directly or through its dependencies.
    void engineNamesNoStepKindModule()
    {
        QStringList problems;
        const auto depends = moduleDepends(QStringLiteral(PW_SOURCE_DIR "/core"), &problems);
        for (const QString &kindModule : {QStringLiteral("docker"), QStringLiteral("kube"),
                                          QStringLiteral("deploy"), QStringLiteral("steps")})
            QVERIFY2(!reaches(depends, QStringLiteral("engine"), kindModule),
                     qPrintable(u"core/engine depends on core/"_qs + kindModule));
    }

    // The checks themselves catch what they are for, on a made-up tree.
    void violationsAreFound()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString core = dir.path() + QStringLiteral("/core");
        QDir().mkpath(core + QStringLiteral("/engine"));
        QDir().mkpath(core + QStringLiteral("/docker"));
        auto write = [](const QString &path, const QByteArray &text) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        const QByteArray hash = "#";
        write(core + QStringLiteral("/engine/stage.cpp"),
              hash + "include \"core/docker/dockerclient.h\"\n" + hash
                  + "include \"core/engine/stage.h\"\n");
        write(core + QStringLiteral("/docker/client.cpp"),
              hash + "include \"core/engine/steprunner.h\"\n");
        const QHash<QString, QStringList> depends = {
            {QStringLiteral("engine"), {}}, {QStringLiteral("docker"), {QStringLiteral("engine")}}};
        const QStringList found = layeringViolations(core, depends);
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.first().contains(QStringLiteral("core/engine/stage.cpp: includes "
                                                        "core/docker/dockerclient.h")),
                 qPrintable(found.first()));
    }
};

QTEST_GUILESS_MAIN(tst_Layering)
#include "tst_layering.moc"
