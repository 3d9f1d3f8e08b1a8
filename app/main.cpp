// pipewright: the GUI by default, or a headless subcommand (validate, import, run, ...).
#include "commandline.h"

#include "ui/app/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (pw::app::isHeadlessCommand(args))
        return pw::app::runHeadless(argc, argv);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Pipewright"));
    QApplication::setApplicationName(QStringLiteral("Pipewright"));
    QApplication::setApplicationVersion(QStringLiteral(PW_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Pipewright: pipelines on your own machine"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("A pipeline file to open"));
    parser.process(app);

    pw::ui::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openFile(parser.positionalArguments().constFirst());
    return app.exec();
}
