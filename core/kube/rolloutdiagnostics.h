#pragma once

#include <QString>
#include <QStringList>

namespace pw::core {

class KubeClient;

// Why a Deployment is not rolling out, in the user's words: its conditions, its pods'
// unmet conditions and waiting/terminated container reasons (Unschedulable,
// ImagePullBackOff, CrashLoopBackOff, …) and the Warning events about it, its ReplicaSets
// and pods. Blocking: runs on a worker thread after a rollout failed or timed out.
class RolloutDiagnostics
{
public:
    static QStringList collect(const KubeClient &client, const QString &deployment,
                               const QString &ns);
};

} // namespace pw::core
