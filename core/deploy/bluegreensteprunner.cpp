#include "bluegreensteprunner.h"

#include <QDateTime>
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
    if (m_scaleDownTimer)
        m_scaleDownTimer->stop();
    // A cancel in the verification window is not a verdict: the controller's abort puts
    // traffic back; an unfinished deploy or promote just stops (state stays consistent).
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
    m_controller->setHistory(m_store, m_runId);
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
    using Op = BlueGreenController::Operation;
    if (m_done)
        return;
    if (!ok) {
        finish(false, message);
        return;
    }
    say(OutputStream::Stdout, message);
    const BlueGreenStatus s = m_controller->lastStatus();
    switch (operation) {
    case Op::DeployToIdle:
        if (!m_promote) {
            finish(true, QStringLiteral("%1 is ready with %2; promotion is manual, traffic "
                                        "stays on %3")
                             .arg(s.idle(), m_image,
                                  s.active.isEmpty() ? QStringLiteral("nothing") : s.active));
            return;
        }
        m_controller->promote(m_environment);
        return;
    case Op::Promote:
        if (s.phase == BlueGreenStatus::Phase::Verifying) {
            m_controller->verify(m_environment);
            return;
        }
        break;
    case Op::Verify:
        break;
    case Op::ScaleDown:
        finish(true, QStringLiteral("%1 takes traffic; %2").arg(s.active, message));
        return;
    default:
        finish(true, message);
        return;
    }
    // Promoted (and verified): the previous colour stays warm for the scale-down delay —
    // rollback is instant until then — and the step ends once it is scaled to zero.
    if (!s.scaleDownAt.isValid()) {
        finish(true, message);
        return;
    }
    const qint64 wait = std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(s.scaleDownAt));
    say(OutputStream::Stdout,
        QStringLiteral("%1 stays warm for %2 s (until %3): a rollback is instant until then")
            .arg(BlueGreenStatus::other(s.active))
            .arg(wait / 1000.0, 0, 'f', 1)
            .arg(s.scaleDownAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    m_scaleDownTimer = new QTimer(this);
    m_scaleDownTimer->setSingleShot(true);
    connect(m_scaleDownTimer, &QTimer::timeout, this, [this] {
        if (!m_done)
            m_controller->scaleDownIfDue(m_environment);
    });
    m_scaleDownTimer->start(int(std::min<qint64>(wait + 50, 24LL * 3600 * 1000)));
}

} // namespace pw::core
