#pragma once

#include "kubebackgroundtask.h"

#include <QString>

#include <functional>

namespace pw::core {

class KubeClient;

// Waits on a worker thread for one Deployment's rollout, by kubectl's rules (RolloutStatus):
// polled rather than watched, so a wait survives an apiserver restart without relisting.
// When the rollout fails (progress deadline, deleted) or times out, the reasons its pods and
// events give (Unschedulable, ImagePullBackOff, CrashLoopBackOff, …; RolloutDiagnostics) are
// said line by line and the first pod-level one ends the error message. Stops when `handle`
// is cancelled. Used by the blue/green deploy; blocking, never on the GUI thread.
class RolloutWaiter
{
public:
    using Say = std::function<void(const QString &)>;

    RolloutWaiter(const KubeClient &client, KubeBackgroundTask::Handle handle);

    void setPollIntervalMs(int ms) { m_pollMs = ms; }

    // True once deployment.apps/`name` in `ns` rolled out; each new rollout message is said.
    // False with *error ("cancelled" when the handle was).
    bool wait(const QString &name, const QString &ns, qint64 timeoutMs, const Say &say,
              QString *error) const;

private:
    QString withReasons(const QString &name, const QString &ns, const QString &message,
                        const Say &say) const;

    const KubeClient &m_client;
    KubeBackgroundTask::Handle m_handle;
    int m_pollMs = 500;
};

} // namespace pw::core
