#include "rolloutsteprunner.h"

#include "kubeclient.h"
#include "kubewatch.h"
#include "rolloutdiagnostics.h"

#include "core/pipeline/duration.h"
#include "core/pipeline/pipeline.h"

#include <QUrl>

namespace pw::core {

RolloutStepRunner::RolloutStepRunner(QString deployment, KubeStepTarget target,
                                     qint64 timeoutMs, QObject *parent)
    : StepRunner(parent)
    , m_deployment(std::move(deployment))
    , m_target(std::move(target))
    , m_timeoutMs(timeoutMs)
    , m_task(this)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        failWithDiagnostics(QStringLiteral("timed out after %1 waiting for the rollout of "
                                           "deployment \"%2\" (%3)")
                                .arg(formatDuration(m_timeoutMs), m_deployment,
                                     m_lastMessage));
    });
}

RolloutStepRunner *RolloutStepRunner::fromStep(const StepSpec &step,
                                               const QProcessEnvironment &env, QObject *parent)
{
    const qint64 timeout = parseDuration(step.param(QStringLiteral("timeout"))).value_or(0);
    return new RolloutStepRunner(
        step.param(QStringLiteral("deployment")),
        KubeStepTarget::fromEnvironment(step.param(QStringLiteral("context")),
                                        step.param(QStringLiteral("namespace")), env),
        timeout, parent);
}

void RolloutStepRunner::say(OutputStream stream, const QString &line)
{
    emit output(stream, line.toUtf8() + '\n');
}

void RolloutStepRunner::finish(bool ok, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_task.cancel();
    if (m_watch)
        m_watch->stop();
    emit finished(ok, ok ? 0 : -1, message);
}

void RolloutStepRunner::cancel()
{
    if (m_done)
        return;
    m_task.cancel();
    if (m_watch)
        m_watch->stop();
    QTimer::singleShot(0, this, [this] { finish(false, QStringLiteral("cancelled")); });
}

void RolloutStepRunner::start()
{
    if (m_timeoutMs > 0)
        m_timer.start(int(qMin<qint64>(m_timeoutMs, INT_MAX)));
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

void RolloutStepRunner::onConnected(const KubeConnection &connection)
{
    if (m_done)
        return;
    m_connection = connection;
    // kubectl watches the one object through a field selector on its name.
    m_watch = new KubeWatch(connection, QStringLiteral("apps/v1"), QStringLiteral("Deployment"),
                            connection.kubeNamespace(),
                            QStringLiteral("fieldSelector=")
                                + QString::fromUtf8(QUrl::toPercentEncoding(
                                    QStringLiteral("metadata.name=") + m_deployment)),
                            this);
    connect(m_watch, &KubeWatch::listed, this, [this](const QJsonArray &items) {
        if (items.isEmpty()) {
            finish(false, QStringLiteral("deployment \"%1\" not found in namespace \"%2\"")
                              .arg(m_deployment, m_connection.kubeNamespace()));
            return;
        }
        onDeployment(items.first().toObject());
    });
    connect(m_watch, &KubeWatch::eventReceived, this,
            [this](const QString &type, const QJsonObject &object) {
                if (type == QLatin1String("DELETED"))
                    finish(false, QStringLiteral("deployment \"%1\" was deleted during the "
                                                 "rollout")
                                      .arg(m_deployment));
                else
                    onDeployment(object);
            });
    connect(m_watch, &KubeWatch::connectionLost, this, [this](const QString &message) {
        say(OutputStream::System, QStringLiteral("connection lost, retrying: ") + message);
    });
    connect(m_watch, &KubeWatch::failed, this,
            [this](const QString &message) { finish(false, message); });
    m_watch->start();
}

void RolloutStepRunner::onDeployment(const QJsonObject &deployment)
{
    if (m_done || m_failing)
        return;
    const RolloutStatus::Result r = RolloutStatus::evaluate(deployment);
    if (r.message != m_lastMessage) {
        m_lastMessage = r.message;
        say(OutputStream::Stdout, r.message);
    }
    if (r.state == RolloutStatus::State::Done)
        finish(true, r.message);
    else if (r.state == RolloutStatus::State::Failed)
        failWithDiagnostics(r.message);
}

void RolloutStepRunner::failWithDiagnostics(const QString &message)
{
    if (m_done || m_failing)
        return;
    m_failing = true;
    m_timer.stop();
    if (m_watch)
        m_watch->stop();
    m_task.start([this, conn = m_connection, name = m_deployment,
                  message](const KubeBackgroundTask::Handle &h) {
        const KubeClient client(conn, h.cancelFlag());
        const QStringList lines = conn.endpoint().baseUrl.isEmpty()
                                      ? QStringList()
                                      : RolloutDiagnostics::collect(client, name,
                                                                    conn.kubeNamespace());
        h.post([this, lines, message] {
            for (const QString &l : lines)
                say(OutputStream::Stderr, l);
            // The first pod-level reason tells the user most; put it in the step's message.
            QString why;
            for (const QString &l : lines) {
                if (l.startsWith(QLatin1String("pod/"))) {
                    why = l;
                    break;
                }
            }
            finish(false, why.isEmpty() ? message : message + QStringLiteral(": ") + why);
        });
    });
}

} // namespace pw::core
