#pragma once

#include "bluegreencontroller.h"

#include "core/pipeline/pipeline.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace pw::core {

// The blue/green sequence of one environment, in one place for every caller: (deploy the
// image to the idle colour →) promote (the checks, then the switch) → verify the window →
// (wait until the previous colour's scale-down is due → scale it down). A failed
// verification leaves traffic on the previous colour: the controller's verify switches back
// by itself, and when it could not (the window stopped with traffic still on the unverified
// colour) the lifecycle rolls back. cancel() stops the running phase and leaves the
// environment consistent: a switch this lifecycle made that is not verified yet is switched
// back; a deploy, a stable switch or a pending scale-down stay as they are. Every phase is
// one operation of a BlueGreenController it does not own — the Environments panel's own, so
// the panel's rollback and abort can still take over mid-window (the lifecycle then ends
// Superseded). Started and observed by the bluegreen step runner, `pipewright env promote`
// and the Environments panel; none of them chains phases itself.
class BlueGreenLifecycle : public QObject
{
    Q_OBJECT

public:
    enum class Phase {
        Idle,
        Deploying,
        Promoting,
        Verifying,
        Recovering,          // the window failed without switching back: rolling back
        WaitingForScaleDown, // the previous colour stays warm until its scale-down is due
        ScalingDown,
        Cancelling, // stopping the phase, switching back if traffic is unverified
    };
    Q_ENUM(Phase)

    enum class Outcome {
        Promoted,   // traffic on the new colour, verified (its predecessor scaled down, if
                    // the plan waited for that)
        Deployed,   // the image is ready on the idle colour; promotion is manual
        RolledBack, // the new colour failed its checks after the switch; traffic went back
        Failed,     // a phase failed or was refused (the reason says where traffic is)
        Cancelled,
        Superseded, // someone's rollback or abort on the same controller took over
    };
    Q_ENUM(Outcome)

    struct Plan
    {
        QString image; // non-empty: deploy it to the idle colour first
        QString commit;
        bool promote = true;           // false: stop once the idle colour is ready
        QString basisResourceVersion;  // the promote's guard (the Service as the user saw it)
        bool waitForScaleDown = false; // end only once the previous colour is scaled down
    };

    explicit BlueGreenLifecycle(BlueGreenController *controller, QObject *parent = nullptr);

    // False (nothing starts) while a sequence runs.
    bool start(const EnvironmentSpec &env, const Plan &plan);
    // finished(Cancelled, …) follows once the environment is consistent again.
    void cancel();

    bool isRunning() const { return m_phase != Phase::Idle; }
    Phase phase() const { return m_phase; }
    BlueGreenController *controller() const { return m_controller; }
    static QString phaseName(Phase phase);
    // Succeeded as its caller meant: promoted, or deployed with manual promotion.
    static bool succeeded(Outcome outcome)
    {
        return outcome == Outcome::Promoted || outcome == Outcome::Deployed;
    }

Q_SIGNALS:
    void phaseChanged(pw::core::BlueGreenLifecycle::Phase phase);
    // The controller's progress and each phase's own result while the sequence runs.
    void logLine(const QString &line);
    void finished(pw::core::BlueGreenLifecycle::Outcome outcome, const QString &reason);

private:
    enum class CancelStep {
        None,
        Stopping,
        Reading,
        SwitchingBack
    };

    void onFinished(BlueGreenController::Operation operation, bool ok, const QString &message,
                    quint64 id);
    void promote();
    void verified(const QString &message);
    void waitForScaleDown(const BlueGreenStatus &s);
    void continueCancel(bool ok, const QString &message);
    void setPhase(Phase phase);
    void finish(Outcome outcome, const QString &reason);

    QPointer<BlueGreenController> m_controller;
    EnvironmentSpec m_env;
    Plan m_plan;
    Phase m_phase = Phase::Idle;
    quint64 m_pending = 0;    // the controller operation this lifecycle waits for
    QString m_from;           // the colour traffic came from at the promote
    QString m_target;         // the colour promoted to
    QDateTime m_promotedFrom; // when the promote was asked for
    QString m_failure;        // the verification's failure, while recovering
    Phase m_cancelledPhase = Phase::Idle;
    CancelStep m_cancelStep = CancelStep::None;
    QTimer m_scaleDownTimer;
};

} // namespace pw::core
