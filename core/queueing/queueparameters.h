#pragma once

#include "core/queueing/queuemodel.h"

#include <QString>

namespace pw::core {

// The inputs of a queueing model. Rates share one time unit (per hour in the app):
// lambda arrivals per unit, mu completions per unit per server.
struct QueueParameters
{
    QueueModel model = QueueModel::MM1;
    double lambda = 0.0;
    double mu = 0.0;
    int servers = 1;
    int capacity = 0; // K, the most customers in the system; 0 = unlimited
    double ca2 = 1.0; // squared coefficient of variation of inter-arrival times
    double cs2 = 1.0; // ... and of service times

    // Sensible limits: beyond them a request is a typo, and a loop over K or c would hang.
    static constexpr int maxServers = 100000;
    static constexpr int maxCapacity = 10000000;

    double offeredLoad() const { return lambda / mu; }               // a = λ/μ
    double utilisation() const { return lambda / (servers * mu); }   // ρ = λ/(cμ)
    bool needsStability() const { return model != QueueModel::MMcK; }

    // Empty when the parameters make sense for the model, else a message for a person.
    // Instability (ρ ≥ 1) is not an input error: AnalyticQueue reports it as unstable.
    QString validate() const;
    // The model's fixed variabilities applied (ca2 = 1 for Poisson arrivals, ...).
    QueueParameters normalised() const;
};

} // namespace pw::core
