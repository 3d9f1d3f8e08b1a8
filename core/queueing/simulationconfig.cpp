#include "simulationconfig.h"

#include <cmath>

namespace pw::core {

SimulationConfig SimulationConfig::fromParameters(const QueueParameters &parameters,
                                                  qint64 customers, quint64 seed)
{
    const QueueParameters p = parameters.normalised();
    SimulationConfig config;
    config.interArrival = Distribution::fromMoments(1.0 / p.lambda, p.ca2);
    config.service = Distribution::fromMoments(1.0 / p.mu, p.cs2);
    config.servers = p.servers;
    config.capacity = p.model == QueueModel::MMcK ? p.capacity : 0;
    config.customers = customers;
    config.seed = seed;
    return config;
}

QString SimulationConfig::validate() const
{
    if (customers < minCustomers || customers > maxCustomers)
        return QStringLiteral("the number of customers must be between %1 and %2 (got %3)")
            .arg(minCustomers)
            .arg(maxCustomers)
            .arg(customers);
    const qint64 w = effectiveWarmup();
    if (w >= customers)
        return QStringLiteral("the warm-up (%1) must be shorter than the run (%2)")
            .arg(w)
            .arg(customers);
    if (batches < 2 || (customers - w) / batches < 10)
        return QStringLiteral("too few customers for %1 batches").arg(batches);
    if (servers < 1 || servers > QueueParameters::maxServers)
        return QStringLiteral("the number of servers must be between 1 and %1")
            .arg(QueueParameters::maxServers);
    if (capacity != 0 && (capacity < servers || capacity > QueueParameters::maxCapacity))
        return QStringLiteral("capacity K must be between the number of servers and %1")
            .arg(QueueParameters::maxCapacity);
    for (const Distribution *d : {&interArrival, &service}) {
        if (!std::isfinite(d->mean()) || d->mean() <= 0.0 || !std::isfinite(d->cv2())
            || d->cv2() < 0.0)
            return QStringLiteral("times must have a finite positive mean and cv² ≥ 0");
    }
    return {};
}

} // namespace pw::core
