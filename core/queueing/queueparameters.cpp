#include "queueparameters.h"

#include <cmath>

namespace pw::core {

namespace {

QString checkRate(const char16_t *name, double value)
{
    if (std::isnan(value))
        return QStringLiteral("%1 is not a number").arg(QString::fromUtf16(name));
    if (std::isinf(value))
        return QStringLiteral("%1 must be finite").arg(QString::fromUtf16(name));
    if (value <= 0.0)
        return QStringLiteral("%1 must be greater than 0 (got %2)")
            .arg(QString::fromUtf16(name))
            .arg(value);
    return {};
}

QString checkVariability(const char16_t *name, double value)
{
    if (!std::isfinite(value) || value < 0.0)
        return QStringLiteral("%1 must be a finite number ≥ 0 (got %2)")
            .arg(QString::fromUtf16(name))
            .arg(value);
    return {};
}

} // namespace

QString QueueParameters::validate() const
{
    const QString modelName = queueModelName(model);
    for (const QString &error : {checkRate(u"lambda", lambda), checkRate(u"mu", mu),
                                 checkVariability(u"ca2", ca2), checkVariability(u"cs2", cs2)}) {
        if (!error.isEmpty())
            return error;
    }
    if (servers < 1)
        return QStringLiteral("the number of servers must be at least 1 (got %1)").arg(servers);
    if (servers > maxServers)
        return QStringLiteral("at most %1 servers (got %2)").arg(maxServers).arg(servers);
    if (isSingleServer(model) && servers != 1)
        return QStringLiteral("%1 has exactly one server; use mmc or ggc for %2 servers")
            .arg(modelName)
            .arg(servers);
    if (model == QueueModel::MMcK) {
        if (capacity < servers)
            return QStringLiteral("capacity K (%1) must be at least the number of servers (%2)")
                .arg(capacity)
                .arg(servers);
        if (capacity > maxCapacity)
            return QStringLiteral("capacity K must be at most %1 (got %2)")
                .arg(maxCapacity)
                .arg(capacity);
    } else if (capacity != 0) {
        return QStringLiteral("%1 has unlimited capacity; use mmck for a capacity K")
            .arg(modelName);
    }
    if (hasPoissonArrivals(model) && ca2 != 1.0)
        return QStringLiteral("%1 has Poisson arrivals (ca2 = 1); use gg1 or ggc for ca2 = %2")
            .arg(modelName)
            .arg(ca2);
    if (hasExponentialService(model) && cs2 != 1.0)
        return QStringLiteral("%1 has exponential service (cs2 = 1); use mg1 or ggc for cs2 = %2")
            .arg(modelName)
            .arg(cs2);
    if (model == QueueModel::MD1 && cs2 != 0.0 && cs2 != 1.0)
        return QStringLiteral("md1 has deterministic service (cs2 = 0); use mg1 for cs2 = %1")
            .arg(cs2);
    return {};
}

QueueParameters QueueParameters::normalised() const
{
    QueueParameters p = *this;
    if (hasPoissonArrivals(model))
        p.ca2 = 1.0;
    if (hasExponentialService(model))
        p.cs2 = 1.0;
    if (model == QueueModel::MD1)
        p.cs2 = 0.0;
    if (isSingleServer(model))
        p.servers = 1;
    return p;
}

} // namespace pw::core
