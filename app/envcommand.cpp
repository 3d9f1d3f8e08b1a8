#include "envcommand.h"

#include "core/deploy/bluegreencontroller.h"
#include "core/deploy/bluegreenlifecycle.h"
#include "core/kube/kubeconnection.h"
#include "core/kube/kubesteptarget.h"
#include "core/pipeline/pipelineloader.h"
#include "core/store/runstore.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <cstdio>

namespace pw::app {

namespace {

using Op = core::BlueGreenController::Operation;

const char Usage[] =
    "usage: pipewright env status     FILE ENVIRONMENT [--json]\n"
    "       pipewright env deploy     FILE ENVIRONMENT --image IMAGE [--commit SHA]\n"
    "       pipewright env promote    FILE ENVIRONMENT   (checks, switch, verification window)\n"
    "       pipewright env rollback   FILE ENVIRONMENT\n"
    "       pipewright env abort      FILE ENVIRONMENT\n"
    "       pipewright env scale-down FILE ENVIRONMENT   (the previous colour, if due)\n"
    "       pipewright env recover    FILE ENVIRONMENT   (finish what a killed process left)\n"
    "       pipewright env history    FILE ENVIRONMENT [--json]\n";

void out(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void err(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fputc('\n', stderr);
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QStringLiteral("-");
}

QJsonObject colourJson(const core::BlueGreenStatus::Colour &c)
{
    return {{QStringLiteral("exists"), c.exists},
            {QStringLiteral("image"), c.image},
            {QStringLiteral("commit"), c.commit},
            {QStringLiteral("desired"), c.desired},
            {QStringLiteral("ready"), c.ready},
            {QStringLiteral("health"), core::BlueGreenStatus::Colour::healthText(c.health())}};
}

void printStatus(const core::BlueGreenStatus &s, bool json)
{
    using Phase = core::BlueGreenStatus::Phase;
    const QString phase = s.phase == Phase::Verifying ? QStringLiteral("verifying")
                          : s.phase == Phase::Stable  ? QStringLiteral("stable")
                                                      : QStringLiteral("none");
    if (json) {
        const QJsonObject o{{QStringLiteral("environment"), s.environment},
                            {QStringLiteral("active"), s.active},
                            {QStringLiteral("previous"), s.previous},
                            {QStringLiteral("phase"), phase},
                            {QStringLiteral("switchedAt"), s.switchedAt},
                            {QStringLiteral("switchedBy"), s.switchedBy},
                            {QStringLiteral("commit"), s.commit},
                            {QStringLiteral("verifyUntil"),
                             s.verifyUntil.isValid() ? s.verifyUntil.toString(Qt::ISODateWithMs)
                                                     : QString()},
                            {QStringLiteral("scaleDownAt"),
                             s.scaleDownAt.isValid() ? s.scaleDownAt.toString(Qt::ISODateWithMs)
                                                     : QString()},
                            {QStringLiteral("blue"), colourJson(s.blue)},
                            {QStringLiteral("green"), colourJson(s.green)}};
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed());
        return;
    }
    out(QStringLiteral("environment %1: traffic on %2 (%3)")
            .arg(s.environment, s.active.isEmpty() ? QStringLiteral("nothing") : s.active, phase));
    if (!s.active.isEmpty())
        out(QStringLiteral("  switched %1 by %2, commit %3")
                .arg(s.switchedAt, s.switchedBy, s.commit.left(12)));
    if (s.phase == Phase::Verifying)
        out(QStringLiteral("  verifying until %1").arg(when(s.verifyUntil)));
    if (s.scaleDownAt.isValid())
        out(QStringLiteral("  %1 scales down at %2")
                .arg(core::BlueGreenStatus::other(s.active), when(s.scaleDownAt)));
    for (const QString &name : {QStringLiteral("blue"), QStringLiteral("green")}) {
        const core::BlueGreenStatus::Colour &c = s.colour(name);
        out(QStringLiteral("  %1%2 %3 %4/%5 ready  %6  commit %7")
                .arg(name == s.active ? u'*' : u' ')
                .arg(name, -5)
                .arg(core::BlueGreenStatus::Colour::healthText(c.health()), -12)
                .arg(c.ready)
                .arg(c.desired)
                .arg(c.image.isEmpty() ? QStringLiteral("-") : c.image, c.commit.left(12)));
    }
}

// After a switch, while the previous colour is still warm.
void printWarm(const core::BlueGreenStatus &s)
{
    if (s.scaleDownAt.isValid())
        out(QStringLiteral("%1 stays warm until %2; rollback is instant until then "
                           "(`pipewright env scale-down` or the GUI scales it down)")
                .arg(core::BlueGreenStatus::other(s.active), when(s.scaleDownAt)));
}

int printHistory(const core::RunStore &store, const core::EnvironmentSpec &env, bool json)
{
    const QList<core::SwitchRecord> rows = store.switches(env.name, env.kubeNamespace, 100);
    if (json) {
        QJsonArray a;
        for (const core::SwitchRecord &r : rows)
            a.append(QJsonObject{{QStringLiteral("at"), r.at},
                                 {QStringLiteral("actor"), r.actor},
                                 {QStringLiteral("action"), r.action},
                                 {QStringLiteral("from"), r.fromColour},
                                 {QStringLiteral("to"), r.toColour},
                                 {QStringLiteral("commit"), r.commit},
                                 {QStringLiteral("image"), r.image},
                                 {QStringLiteral("outcome"), r.outcome},
                                 {QStringLiteral("message"), r.message},
                                 {QStringLiteral("run"), r.runId}});
        out(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Indented)).trimmed());
        return 0;
    }
    if (rows.isEmpty())
        out(QStringLiteral("environment %1: no switches recorded").arg(env.name));
    for (const core::SwitchRecord &r : rows) {
        out(QStringLiteral("%1  %2 %3 → %4  %5  %6  by %7: %8")
                .arg(when(QDateTime::fromMSecsSinceEpoch(r.at)), r.action, r.fromColour.isEmpty() ? QStringLiteral("-") : r.fromColour,
                     r.toColour, r.commit.left(8), r.outcome, r.actor, r.message));
    }
    return 0;
}

} // namespace

int envCommand(const QStringList &argsIn)
{
    QStringList args = argsIn;
    auto takeOption = [&](const QString &name, QString *value) {
        const qsizetype i = args.indexOf(name);
        if (i < 0)
            return true;
        if (i + 1 >= args.size())
            return false;
        *value = args.at(i + 1);
        args.remove(i, 2);
        return true;
    };
    QString image, commit;
    const bool json = args.removeAll(QStringLiteral("--json")) > 0;
    if (args.contains(QStringLiteral("--help")) || !takeOption(QStringLiteral("--image"), &image)
        || !takeOption(QStringLiteral("--commit"), &commit) || args.size() != 3) {
        std::fputs(Usage, stderr);
        return 2;
    }
    const QString action = args.at(0);
    const QString file = args.at(1);
    const QString envName = args.at(2);
    static const QStringList actions = {
        QStringLiteral("status"),   QStringLiteral("deploy"),     QStringLiteral("promote"),
        QStringLiteral("rollback"), QStringLiteral("abort"),      QStringLiteral("scale-down"),
        QStringLiteral("recover"),  QStringLiteral("history")};
    if (!actions.contains(action)) {
        err(QStringLiteral("pipewright env: unknown action '%1' (one of %2)")
                .arg(action, actions.join(u", ")));
        return 2;
    }
    if (action == u"deploy" && image.isEmpty()) {
        err(QStringLiteral("pipewright env deploy: --image IMAGE is required"));
        return 2;
    }
    const core::PipelineLoadResult loaded = core::PipelineLoader::loadFile(file);
    for (const core::Diagnostic &d : loaded.diagnostics)
        err(d.toString());
    if (loaded.ioError)
        return 2;
    if (!loaded.ok())
        return 1;
    const core::EnvironmentSpec *found = loaded.pipeline.environment(envName);
    if (!found) {
        QStringList names;
        for (const core::EnvironmentSpec &e : loaded.pipeline.environments)
            names << e.name;
        err(QStringLiteral("%1: no environment '%2' (the file defines: %3)")
                .arg(file, envName,
                     names.isEmpty() ? QStringLiteral("none") : names.join(u", ")));
        return 2;
    }
    const core::EnvironmentSpec env = *found;

    // runHeadless() made the QCoreApplication the event loop below needs.
    core::RunStore store;
    if (!store.open()) {
        err(QStringLiteral("pipewright env: %1").arg(store.errorString()));
        return 2;
    }
    if (action == u"history")
        return printHistory(store, env, json);

    // Blocking is fine here: the headless command line, before its event loop runs.
    const core::KubeStepTarget target = core::KubeStepTarget::fromEnvironment(
        env.context, env.kubeNamespace, QProcessEnvironment::systemEnvironment());
    core::KubeConnection connection;
    QStringList warnings;
    QString error;
    if (!target.resolve(&connection, &warnings, &error)) {
        err(QStringLiteral("pipewright env: %1").arg(error));
        return 2;
    }
    for (const QString &w : std::as_const(warnings))
        err(QStringLiteral("warning: ") + w);

    core::BlueGreenController controller(connection);
    controller.setBaseDir(QFileInfo(file).absolutePath());
    controller.setHistory(&store);
    QEventLoop loop;
    int exitCode = 0;
    // A promote is the whole lifecycle: checks, switch, and the verification window, or the
    // way back when the window fails. The previous colour stays warm afterwards.
    if (action == u"promote") {
        core::BlueGreenLifecycle lifecycle(&controller);
        QObject::connect(&lifecycle, &core::BlueGreenLifecycle::logLine, &loop,
                         [](const QString &line) { out(line); });
        QObject::connect(
            &lifecycle, &core::BlueGreenLifecycle::finished, &loop,
            [&](core::BlueGreenLifecycle::Outcome outcome, const QString &reason) {
                if (!core::BlueGreenLifecycle::succeeded(outcome)) {
                    err(QStringLiteral("pipewright env promote: %1").arg(reason));
                    exitCode = 1;
                } else {
                    printWarm(controller.lastStatus());
                }
                loop.quit();
            });
        lifecycle.start(env, {});
        loop.exec();
        return exitCode;
    }
    QObject::connect(&controller, &core::BlueGreenController::progress, &loop,
                     [](const QString &line) { out(line); });
    QObject::connect(
        &controller, &core::BlueGreenController::finished, &loop,
        [&](Op op, bool ok, const QString &message) {
            if (!ok) {
                err(QStringLiteral("pipewright env %1: %2").arg(action, message));
                exitCode = 1;
                loop.quit();
                return;
            }
            const core::BlueGreenStatus s = controller.lastStatus();
            if (op == Op::Status) {
                printStatus(s, json);
                loop.quit();
                return;
            }
            out(message);
            if (op == Op::Rollback)
                printWarm(s);
            loop.quit();
        });
    if (action == u"status")
        controller.status(env);
    else if (action == u"deploy")
        controller.deployToIdle(env, image, commit);
    else if (action == u"rollback")
        controller.rollback(env);
    else if (action == u"abort")
        controller.abort(env);
    else if (action == u"scale-down")
        controller.scaleDownIfDue(env);
    else
        controller.recover(env);
    loop.exec();
    return exitCode;
}

} // namespace pw::app
