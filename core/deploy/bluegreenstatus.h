#pragma once

#include <QDateTime>
#include <QString>

namespace pw::core {

// What the cluster says about one blue/green environment: the colour the Service selects
// and each colour's Deployment. A value read by BlueGreenController, shown by the GUI.
struct BlueGreenStatus
{
    struct Colour
    {
        enum class Health {
            Missing,     // no Deployment
            ScaledDown,  // zero replicas desired
            Progressing, // rolling out, or fewer ready replicas than desired
            Healthy,     // rollout complete, every desired replica ready
            Failed,      // the rollout exceeded its progress deadline
        };

        bool exists = false;
        QString image;   // the first container's
        QString commit;  // the `commit` label
        int desired = 0;
        int ready = 0;
        bool rolledOut = false;  // RolloutStatus says Done
        bool rolloutFailed = false; // RolloutStatus says Failed (progress deadline exceeded)
        QString rolloutMessage;  // RolloutStatus's wording
        QDateTime createdAt;     // the Deployment's creationTimestamp (UTC)
        QDateTime deployedAt;    // when Pipewright last applied it (annotation; UTC)

        // Traffic may go here: rollout complete and every desired replica ready.
        bool canTakeTraffic() const
        {
            return exists && rolledOut && desired > 0 && ready >= desired;
        }
        Health health() const;
        static QString healthText(Health h); // "missing", "scaled down", "progressing", ...
    };

    // Where the environment stands after the last switch.
    enum class Phase {
        None,      // no traffic yet
        Verifying, // switched; the post-promotion window runs until verifyUntil
        Stable,    // verified (or no window); the previous colour stays warm until scaleDownAt
    };

    QString environment;
    bool serviceExists = false;
    QString serviceResourceVersion;
    QString active;   // "blue", "green", or empty before the first promote
    QString previous; // the colour traffic came from at the last switch (rollback target)
    QString previousCommit; // what `previous` held at that switch (a rollback goes only there)
    QString switchedAt;
    QString switchedBy;
    QString commit; // the commit taking traffic, as recorded at the switch
    Phase phase = Phase::None;
    QDateTime verifyUntil; // end of the post-promotion window (Verifying only)
    QDateTime scaleDownAt; // when `previous` scales to zero; invalid = not scheduled
    QString verifier;      // the process verifying the window (SmokeCheck::ownerId())
    Colour blue;
    Colour green;

    static QString other(const QString &colour);
    // The colour a deploy goes to: the one not taking traffic (blue before the first promote).
    QString idle() const { return active.isEmpty() ? QStringLiteral("blue") : other(active); }
    const Colour &colour(const QString &name) const;
    Colour &colour(const QString &name);
    // The previous colour still has replicas and its scale-down is scheduled: a rollback
    // needs no rollout, only the switch.
    bool previousIsWarm() const
    {
        return !active.isEmpty() && colour(other(active)).canTakeTraffic();
    }
};

} // namespace pw::core
