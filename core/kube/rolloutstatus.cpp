#include "rolloutstatus.h"

#include <QJsonArray>

namespace pw::core {

RolloutStatus::Result RolloutStatus::evaluate(const QJsonObject &deployment)
{
    const QJsonObject meta = deployment.value(QStringLiteral("metadata")).toObject();
    const QJsonObject spec = deployment.value(QStringLiteral("spec")).toObject();
    const QJsonObject status = deployment.value(QStringLiteral("status")).toObject();
    const QString name = meta.value(QStringLiteral("name")).toString();
    const qint64 generation = meta.value(QStringLiteral("generation")).toInteger();
    const qint64 observed = status.value(QStringLiteral("observedGeneration")).toInteger();
    if (generation > observed)
        return {State::Waiting,
                QStringLiteral("Waiting for deployment spec update to be observed...")};

    for (const QJsonValue &v : status.value(QStringLiteral("conditions")).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value(QStringLiteral("type")).toString() == QLatin1String("Progressing")
            && c.value(QStringLiteral("reason")).toString()
                   == QLatin1String("ProgressDeadlineExceeded"))
            return {State::Failed,
                    QStringLiteral("deployment \"%1\" exceeded its progress deadline").arg(name)};
    }
    const qint64 updated = status.value(QStringLiteral("updatedReplicas")).toInteger();
    const qint64 replicas = status.value(QStringLiteral("replicas")).toInteger();
    const qint64 available = status.value(QStringLiteral("availableReplicas")).toInteger();
    // spec.replicas may be absent (nil in Go): then this check is skipped, as in kubectl.
    if (spec.contains(QStringLiteral("replicas"))) {
        const qint64 wanted = spec.value(QStringLiteral("replicas")).toInteger();
        if (updated < wanted)
            return {State::Waiting,
                    QStringLiteral("Waiting for deployment \"%1\" rollout to finish: %2 out of "
                                   "%3 new replicas have been updated...")
                        .arg(name)
                        .arg(updated)
                        .arg(wanted)};
    }
    if (replicas > updated)
        return {State::Waiting,
                QStringLiteral("Waiting for deployment \"%1\" rollout to finish: %2 old "
                               "replicas are pending termination...")
                    .arg(name)
                    .arg(replicas - updated)};
    if (available < updated)
        return {State::Waiting,
                QStringLiteral("Waiting for deployment \"%1\" rollout to finish: %2 of %3 "
                               "updated replicas are available...")
                    .arg(name)
                    .arg(available)
                    .arg(updated)};
    return {State::Done, QStringLiteral("deployment \"%1\" successfully rolled out").arg(name)};
}

} // namespace pw::core
