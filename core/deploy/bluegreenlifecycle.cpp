#include "bluegreenlifecycle.h"

#include "bluegreenschema.h"

#include <algorithm>

namespace pw::core {

namespace {

using Op = BlueGreenController::Operation;
using Phase = BlueGreenLifecycle::Phase;

} // namespace

BlueGreenLifecycle::BlueGreenLifecycle(BlueGreenController *controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
{
    m_scaleDownTimer.setSingleShot(true);
    connect(&m_scaleDownTimer, &QTimer::timeout, this, [this] {
        if (m_phase != Phase::WaitingForScaleDown || !m_controller)
            return;
        setPhase(Phase::ScalingDown);
        m_pending = m_controller->scaleDownIfDue(m_env);
    });
    if (!m_controller)
        return;
    connect(m_controller, &BlueGreenController::progress, this, [this](const QString &line) {
        if (isRunning())
            Q_EMIT logLine(line);
    });
    connect(m_controller, &BlueGreenController::finished, this, &BlueGreenLifecycle::onFinished);
    connect(m_controller, &QObject::destroyed, this, [this] {
        if (isRunning())
            finish(Outcome::Failed, QStringLiteral("the environment's controller went away"));
    });
}

QString BlueGreenLifecycle::phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Idle:
        return QStringLiteral("idle");
    case Phase::Deploying:
        return QStringLiteral("deploying");
    case Phase::Promoting:
        return QStringLiteral("promoting");
    case Phase::Verifying:
        return QStringLiteral("verifying");
    case Phase::Recovering:
        return QStringLiteral("switching back");
    case Phase::WaitingForScaleDown:
        return QStringLiteral("waiting for the scale-down");
    case Phase::ScalingDown:
        return QStringLiteral("scaling down");
    case Phase::Cancelling:
        return QStringLiteral("cancelling");
    }
    return QString();
}

bool BlueGreenLifecycle::start(const EnvironmentSpec &env, const Plan &plan)
{
    if (isRunning() || !m_controller)
        return false;
    m_env = env;
    m_plan = plan;
    m_from.clear();
    m_target.clear();
    m_failure.clear();
    m_cancelStep = CancelStep::None;
    if (plan.image.isEmpty()) {
        promote();
        return true;
    }
    setPhase(Phase::Deploying);
    Q_EMIT logLine(QStringLiteral("environment %1: deploying %2 to the idle colour")
                       .arg(env.name, plan.image));
    m_pending = m_controller->deployToIdle(env, plan.image, plan.commit);
    return true;
}

void BlueGreenLifecycle::promote()
{
    setPhase(Phase::Promoting);
    m_promotedFrom = QDateTime::currentDateTimeUtc();
    m_pending = m_controller->promote(m_env, m_plan.basisResourceVersion);
}

void BlueGreenLifecycle::setPhase(Phase phase)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    Q_EMIT phaseChanged(phase);
}

void BlueGreenLifecycle::finish(Outcome outcome, const QString &reason)
{
    m_scaleDownTimer.stop();
    m_pending = 0;
    m_cancelStep = CancelStep::None;
    setPhase(Phase::Idle);
    Q_EMIT finished(outcome, reason);
}

void BlueGreenLifecycle::onFinished(Op, bool ok, const QString &message, quint64 id)
{
    if (id == 0 || id != m_pending || !m_controller)
        return;
    m_pending = 0;
    if (m_phase == Phase::Cancelling) {
        continueCancel(ok, message);
        return;
    }
    // Busy right after our operation ended: someone's rollback or abort stopped it.
    if (!ok && m_controller->isBusy()) {
        finish(Outcome::Superseded, message);
        return;
    }
    const BlueGreenStatus s = m_controller->lastStatus();
    switch (m_phase) {
    case Phase::Deploying:
        if (!ok) {
            finish(Outcome::Failed, message);
            return;
        }
        Q_EMIT logLine(message);
        if (!m_plan.promote) {
            finish(Outcome::Deployed,
                   QStringLiteral("%1 is ready with %2; promotion is manual, traffic stays on %3")
                       .arg(s.idle(), m_plan.image,
                            s.active.isEmpty() ? QStringLiteral("nothing") : s.active));
            return;
        }
        promote();
        return;
    case Phase::Promoting:
        if (!ok) {
            finish(Outcome::Failed, message);
            return;
        }
        Q_EMIT logLine(message);
        m_target = s.active;
        m_from = s.previous;
        if (s.phase == BlueGreenStatus::Phase::Verifying) {
            setPhase(Phase::Verifying);
            m_pending = m_controller->verify(m_env);
            return;
        }
        verified(message);
        return;
    case Phase::Verifying:
        if (ok) {
            Q_EMIT logLine(message);
            verified(message);
            return;
        }
        // The window's own failure switched traffic back (or someone else switched it).
        if (s.active != m_target || s.active.isEmpty()) {
            finish(Outcome::RolledBack, message);
            return;
        }
        if (s.phase != BlueGreenStatus::Phase::Verifying || m_from.isEmpty()) {
            finish(Outcome::Failed, message);
            return;
        }
        // Stopped with traffic still on the unverified colour: put it back.
        Q_EMIT logLine(message);
        m_failure = message;
        setPhase(Phase::Recovering);
        m_pending = m_controller->rollback(m_env, s.serviceResourceVersion);
        return;
    case Phase::Recovering:
        if (ok)
            finish(Outcome::RolledBack, m_failure + QStringLiteral("; ") + message);
        else
            finish(Outcome::Failed,
                   m_failure + QStringLiteral("; switching back failed: ") + message);
        return;
    case Phase::ScalingDown:
        if (!ok) {
            finish(Outcome::Failed, message);
            return;
        }
        Q_EMIT logLine(message);
        // Still ours and rescheduled (a switch back and forth meanwhile): wait again.
        if (s.active == m_target && s.phase == BlueGreenStatus::Phase::Stable
            && s.scaleDownAt.isValid() && s.scaleDownAt > QDateTime::currentDateTimeUtc()) {
            waitForScaleDown(s);
            return;
        }
        finish(Outcome::Promoted, QStringLiteral("%1 takes traffic; %2").arg(s.active, message));
        return;
    case Phase::Idle:
    case Phase::WaitingForScaleDown:
    case Phase::Cancelling:
        return;
    }
}

void BlueGreenLifecycle::verified(const QString &message)
{
    const BlueGreenStatus s = m_controller->lastStatus();
    if (!m_plan.waitForScaleDown || !s.scaleDownAt.isValid()) {
        finish(Outcome::Promoted, message);
        return;
    }
    waitForScaleDown(s);
}

// The previous colour stays warm for the scale-down delay — a rollback is instant until then.
void BlueGreenLifecycle::waitForScaleDown(const BlueGreenStatus &s)
{
    setPhase(Phase::WaitingForScaleDown);
    const qint64 wait = std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(s.scaleDownAt));
    Q_EMIT logLine(QStringLiteral("%1 stays warm for %2 s (until %3): a rollback is instant until "
                                  "then")
                       .arg(BlueGreenStatus::other(s.active))
                       .arg(wait / 1000.0, 0, 'f', 1)
                       .arg(s.scaleDownAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    m_scaleDownTimer.start(int(std::min<qint64>(wait + 50, 24LL * 3600 * 1000)));
}

void BlueGreenLifecycle::cancel()
{
    if (!isRunning() || m_phase == Phase::Cancelling || !m_controller)
        return;
    switch (m_phase) {
    case Phase::WaitingForScaleDown:
        // Traffic is verified and stable; the scale-down stays scheduled for whoever is next.
        m_scaleDownTimer.stop();
        setPhase(Phase::Cancelling);
        QTimer::singleShot(0, this, [this] {
            if (m_phase == Phase::Cancelling && m_pending == 0)
                finish(Outcome::Cancelled, QStringLiteral("cancelled"));
        });
        return;
    case Phase::Recovering:
        return; // switching back is what a cancel would do: let it land
    default:
        break;
    }
    m_cancelledPhase = m_phase;
    m_cancelStep = CancelStep::Stopping;
    setPhase(Phase::Cancelling);
    // Our operation ends with finished() either way: cancelled, or done just before.
    m_controller->cancel();
}

void BlueGreenLifecycle::continueCancel(bool ok, const QString &message)
{
    switch (m_cancelStep) {
    case CancelStep::Stopping:
        if (m_cancelledPhase != Phase::Promoting && m_cancelledPhase != Phase::Verifying) {
            finish(Outcome::Cancelled, QStringLiteral("cancelled"));
            return;
        }
        // Whether the switch landed is only known from the cluster.
        m_cancelStep = CancelStep::Reading;
        m_pending = m_controller->status(m_env);
        return;
    case CancelStep::Reading: {
        const BlueGreenStatus s = m_controller->lastStatus();
        const bool ours = m_cancelledPhase == Phase::Verifying
            ? s.active == m_target
            : BlueGreenSchema::parseTimestamp(s.switchedAt) >= m_promotedFrom
                && s.switchedBy == m_controller->actor();
        if (!ok || s.phase != BlueGreenStatus::Phase::Verifying || !ours || s.previous.isEmpty()) {
            finish(Outcome::Cancelled,
                   ok ? QStringLiteral("cancelled") : QStringLiteral("cancelled; ") + message);
            return;
        }
        // An unverified switch of ours: traffic goes back to the known-good colour.
        m_cancelStep = CancelStep::SwitchingBack;
        m_pending = m_controller->rollback(m_env, s.serviceResourceVersion);
        return;
    }
    case CancelStep::SwitchingBack:
        finish(Outcome::Cancelled,
               ok ? QStringLiteral("cancelled; ") + message
                  : QStringLiteral("cancelled; switching traffic back failed: ") + message);
        return;
    case CancelStep::None:
        return;
    }
}

} // namespace pw::core
