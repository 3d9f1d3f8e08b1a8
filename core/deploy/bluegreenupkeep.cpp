#include "bluegreenupkeep.h"

#include <algorithm>

namespace pw::core {

std::optional<qint64> BlueGreenUpkeep::msUntilScaleDown(const BlueGreenStatus &s,
                                                        const QDateTime &now)
{
    if (s.phase == BlueGreenStatus::Phase::Verifying || s.previous.isEmpty() || s.active.isEmpty()
        || !s.scaleDownAt.isValid())
        return std::nullopt;
    const BlueGreenStatus::Colour &c = s.colour(s.previous);
    if (!c.exists || c.desired == 0)
        return std::nullopt;
    // To the millisecond: asked even a fraction of a second early, the controller answers
    // "not due" and the one ask is spent.
    return now.msecsTo(s.scaleDownAt);
}

BlueGreenUpkeep::Action BlueGreenUpkeep::due(const BlueGreenStatus &s, const EnvironmentSpec &env,
                                             const QDateTime &now, bool canAct)
{
    if (s.phase == BlueGreenStatus::Phase::Verifying) {
        if (!s.verifyUntil.isValid())
            return Action::None;
        const qint64 overdue
            = s.verifyUntil.msecsTo(now) - std::max<qint64>(env.verifyIntervalMs, 0);
        if (overdue <= AbandonedGraceMs || !canAct || m_recoverAsked == s.verifyUntil)
            return Action::None;
        m_recoverAsked = s.verifyUntil;
        return Action::Recover;
    }
    const std::optional<qint64> left = msUntilScaleDown(s, now);
    if (!left || *left > 0 || !canAct || m_scaleDownAsked == s.scaleDownAt)
        return Action::None;
    m_scaleDownAsked = s.scaleDownAt;
    return Action::ScaleDown;
}

} // namespace pw::core
