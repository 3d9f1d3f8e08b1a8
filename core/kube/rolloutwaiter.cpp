#include "rolloutwaiter.h"

#include "kubeclient.h"
#include "rolloutdiagnostics.h"
#include "rolloutstatus.h"

#include <QElapsedTimer>

namespace pw::core {

RolloutWaiter::RolloutWaiter(const KubeClient &client, KubeBackgroundTask::Handle handle)
    : m_client(client)
    , m_handle(std::move(handle))
{ }

bool RolloutWaiter::wait(const QString &name, const QString &ns, qint64 timeoutMs, const Say &say,
                         QString *error) const
{
    QElapsedTimer clock;
    clock.start();
    QString last;
    for (;;) {
        const KubeResult d
            = m_client.get(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), name, ns);
        if (m_handle.cancelled()) {
            *error = QStringLiteral("cancelled");
            return false;
        }
        if (d.ok) {
            const RolloutStatus::Result r = RolloutStatus::evaluate(d.object);
            if (r.message != last) {
                last = r.message;
                say(last);
            }
            if (r.state == RolloutStatus::State::Done)
                return true;
            if (r.state == RolloutStatus::State::Failed) {
                *error = withReasons(name, ns,
                                     QStringLiteral("deployment.apps/%1: %2").arg(name, r.message),
                                     say);
                return false;
            }
        } else if (d.isNotFoundFor(name)) {
            *error = QStringLiteral("deployment.apps/%1 was deleted during its rollout").arg(name);
            return false;
        }
        // Any other failed read (an apiserver restarting) is polled through until the timeout.
        if (clock.elapsed() >= timeoutMs) {
            *error = withReasons(name, ns,
                                 QStringLiteral("timed out after %1s waiting for the rollout of "
                                                "deployment.apps/%2: %3")
                                     .arg(timeoutMs / 1000)
                                     .arg(name, last.isEmpty() ? d.message : last),
                                 say);
            return false;
        }
        if (!m_handle.sleep(m_pollMs)) {
            *error = QStringLiteral("cancelled");
            return false;
        }
    }
}

QString RolloutWaiter::withReasons(const QString &name, const QString &ns, const QString &message,
                                   const Say &say) const
{
    if (m_handle.cancelled())
        return message;
    const QStringList lines = RolloutDiagnostics::collect(m_client, name, ns);
    for (const QString &l : lines)
        say(l);
    // The first pod-level reason tells the user most.
    for (const QString &l : lines) {
        if (l.startsWith(QLatin1String("pod/")))
            return message + QStringLiteral(": ") + l;
    }
    return message;
}

} // namespace pw::core
