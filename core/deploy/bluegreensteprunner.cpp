#include "bluegreensteprunner.h"

#include <QTimer>

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
    if (m_done)
        return;
    // The lifecycle leaves the environment consistent first, then finishes (Cancelled).
    if (m_lifecycle && m_lifecycle->isRunning()) {
        m_lifecycle->cancel();
        return;
    }
    m_task.cancel();
    QTimer::singleShot(0, this, [this] { finish(false, QStringLiteral("cancelled")); });
}

void BlueGreenStepRunner::onConnected(const KubeConnection &connection)
{
    if (m_done)
        return;
    m_controller = new BlueGreenController(connection, this);
    m_controller->setActor(m_actor);
    m_controller->setBaseDir(m_baseDir);
    m_controller->setHistory(m_store, m_runId);
    m_lifecycle = new BlueGreenLifecycle(m_controller, this);
    connect(m_lifecycle, &BlueGreenLifecycle::logLine, this,
            [this](const QString &line) { say(OutputStream::Stdout, line); });
    connect(m_lifecycle, &BlueGreenLifecycle::finished, this,
            [this](BlueGreenLifecycle::Outcome outcome, const QString &reason) {
                finish(BlueGreenLifecycle::succeeded(outcome), reason);
            });
    BlueGreenLifecycle::Plan plan;
    plan.image = m_image;
    plan.commit = m_commit;
    plan.promote = m_promote;
    plan.waitForScaleDown = true;
    m_lifecycle->start(m_environment, plan);
}

} // namespace pw::core
