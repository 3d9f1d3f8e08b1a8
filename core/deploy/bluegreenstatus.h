#pragma once

#include <QString>

namespace pw::core {

// What the cluster says about one blue/green environment: the colour the Service selects
// and each colour's Deployment. A value read by BlueGreenController, shown by the GUI.
struct BlueGreenStatus
{
    struct Colour
    {
        bool exists = false;
        QString image;   // the first container's
        QString commit;  // the `commit` label
        int desired = 0;
        int ready = 0;
        bool rolledOut = false;  // RolloutStatus says Done
        QString rolloutMessage;  // RolloutStatus's wording

        // Traffic may go here: rollout complete and every desired replica ready.
        bool canTakeTraffic() const
        {
            return exists && rolledOut && desired > 0 && ready >= desired;
        }
    };

    QString environment;
    bool serviceExists = false;
    QString serviceResourceVersion;
    QString active; // "blue", "green", or empty before the first promote
    QString switchedAt;
    QString switchedBy;
    QString commit; // the commit taking traffic, as recorded at the switch
    Colour blue;
    Colour green;

    static QString other(const QString &colour);
    // The colour a deploy goes to: the one not taking traffic (blue before the first promote).
    QString idle() const { return active.isEmpty() ? QStringLiteral("blue") : other(active); }
    const Colour &colour(const QString &name) const;
    Colour &colour(const QString &name);
};

} // namespace pw::core
