// Test driver: the engine's CLI commands without the GUI, dispatched like app/main.cpp does.
#include "app/approvecommand.h"
#include "app/historycommand.h"
#include "app/runcommand.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Pipewright"));
    QCoreApplication::setApplicationName(QStringLiteral("Pipewright"));
    QStringList args = app.arguments().mid(1);
    const QString command = args.isEmpty() ? QString() : args.takeFirst();
    if (command == u"run")
        return pw::app::runCommand(args);
    if (command == u"history")
        return pw::app::historyCommand(args);
    if (command == u"approve")
        return pw::app::approveCommand(args);
    if (command == u"reject")
        return pw::app::rejectCommand(args);
    std::fprintf(stderr, "usage: pw_engine_cli run|history|approve|reject ...\n");
    return 2;
}
