#pragma once

#include "bluegreenstatus.h"

#include "core/pipeline/pipeline.h"

#include <QDateTime>

#include <optional>

namespace pw::core {

// What an environment needs when its deadlines pass and nobody is running a sequence on it:
// a verification window whose owner is gone (verify-until passed by more than one check
// interval and a grace: a living verifier ends within one interval) is recovered, and a warm
// previous colour whose scale-down is due is scaled down — each asked once per deadline, so
// an answer of "not due yet" or a failure is not repeated every tick. Decisions only, from a
// status and the time; whoever shows the environment (the Environments panel) asks on each
// clock tick and runs what it says on its BlueGreenController.
class BlueGreenUpkeep
{
public:
    enum class Action {
        None,
        Recover,
        ScaleDown
    };

    static constexpr qint64 AbandonedGraceMs = 5000;

    // `canAct`: the caller could run an operation now (idle, the status readable); when
    // false nothing is spent. An action returned counts as asked.
    Action due(const BlueGreenStatus &status, const EnvironmentSpec &env, const QDateTime &now,
               bool canAct);
    // Milliseconds until the warm previous colour's scale-down (<= 0: due); none when no
    // scale-down is scheduled on a colour that still has replicas.
    static std::optional<qint64> msUntilScaleDown(const BlueGreenStatus &status,
                                                  const QDateTime &now);

private:
    QDateTime m_recoverAsked;   // the verifyUntil whose expiry already asked for recovery
    QDateTime m_scaleDownAsked; // the scaleDownAt whose expiry already asked for a scale-down
};

} // namespace pw::core
