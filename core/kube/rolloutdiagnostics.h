#pragma once

#include <QJsonObject>
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

    // One line for a container that keeps a pod from running, when its status shows one of
    // the failures a user meets most — the image cannot be pulled (ErrImagePull,
    // ImagePullBackOff, InvalidImageName), the process keeps exiting (CrashLoopBackOff: its
    // exit code and restarts), or it was killed for its memory (OOMKilled: the limit from the
    // pod's spec) — e.g. "pod/web-1 container web: OOMKilled: killed for using more than its
    // memory limit 16Mi (exit code 137, restarted 2 times)". Empty for anything else.
    static QString containerProblem(const QJsonObject &pod, const QJsonObject &containerStatus);
};

} // namespace pw::core
