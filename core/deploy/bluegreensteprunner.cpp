#include "bluegreensteprunner.h"

namespace pw::core {

BlueGreenStepRunner::BlueGreenStepRunner(EnvironmentSpec environment, QString image,
                                         QString commit, bool promote, KubeStepTarget target,
                                         QString baseDir, QString actor, QObject *parent)
    : StepRunner(parent),
      m_environment(std::move(environment)),
      m_image(std::move(image)),
      m_commit(std::move(commit)),
      m_promote(promote),
      m_target(std::move(target)),
      m_baseDir(std::move(baseDir)),
      m_actor(std::move(actor)),
      m_task(this)
{
}

BlueGreenStepRunner *BlueGreenStepRunner::fromStep(const StepSpec &step,
                                                   const EnvironmentSpec &environment,
                                                   const QString &workspace,
                                                   const QProcessEnvironment &env,
                                                   QObject *parent)
{
    const QString promote = step.param(QStringLiteral("promote"));
    const bool autoPromote = promote.isEmpty() ? environment.autoPromote
                                               : promote == QLatin1String("auto");
    const QString runId = env.value(QStringLiteral("PW_RUN_ID"));
    const QString actor = runId.isEmpty() ? QStringLiteral("pipewright")
                                          : QStringLiteral("pipewright run ") + runId;
    return new BlueGreenStepRunner(
        environment, step.param(QStringLiteral("image")), env.value(QStringLiteral("PW_COMMIT")),
        autoPromote,
        KubeStepTarget::fromEnvironment(environment.context, environment.kubeNamespace, env),
        workspace, actor, parent);
}

void BlueGreenStepRunner::say(OutputStream stream, const QString &line)
{
    emit output(stream, line.toUtf8() + '\n');
}

void BlueGreenStepRunner::finish(bool ok, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_task.cancel();
    if (m_controller)
        m_controller->cancel();
    emit finished(ok, ok ? 0 : -1, message);
}

void BlueGreenStepRunner::start()
{
    // Resolving the kubeconfig may run an exec plugin: never on this thread.
    m_task.start([this, target = m_target](const KubeBackgroundTask::Handle &h) {
        KubeConnection conn;
        QStringList warnings;
        QString error;
        if (!target.resolve(&conn, &warnings, &error)) {
            h.post([this, error] { finish(false, error); });
            return;
        }
        h.post([this, conn, warnings] {
            for (const QString &w : warnings)
                say(OutputStream::Stderr, QStringLiteral("warning: ") + w);
            onConnected(conn);
        });
    });
}

void BlueGreenStepRunner::cancel()
{
    finish(false, QStringLiteral("cancelled"));
}

void BlueGreenStepRunner::onConnected(const KubeConnection &connection)
{
    if (m_done)
        return;
    m_controller = new BlueGreenController(connection, this);
    m_controller->setActor(m_actor);
    m_controller->setBaseDir(m_baseDir);
    connect(m_controller, &BlueGreenController::progress, this,
            [this](const QString &line) { say(OutputStream::Stdout, line); });
    connect(m_controller, &BlueGreenController::finished, this,
            &BlueGreenStepRunner::onFinished);
    say(OutputStream::Stdout, QStringLiteral("environment %1: deploying %2 to the idle colour")
                                  .arg(m_environment.name, m_image));
    m_controller->deployToIdle(m_environment, m_image, m_commit);
}

void BlueGreenStepRunner::onFinished(BlueGreenController::Operation operation, bool ok,
                                     const QString &message)
{
    if (m_done)
        return;
    if (!ok) {
        finish(false, message);
        return;
    }
    say(OutputStream::Stdout, message);
    if (operation != BlueGreenController::Operation::DeployToIdle) {
        finish(true, message);
        return;
    }
    const BlueGreenStatus s = m_controller->lastStatus();
    if (!m_promote) {
        finish(true, QStringLiteral("%1 is ready with %2; promotion is manual, traffic stays "
                                    "on %3")
                         .arg(s.idle(), m_image,
                              s.active.isEmpty() ? QStringLiteral("nothing") : s.active));
        return;
    }
    m_controller->promote(m_environment);
}

} // namespace pw::core
