#include "bluegreenstatus.h"

namespace pw::core {

QString BlueGreenStatus::other(const QString &colour)
{
    return colour == QLatin1String("blue") ? QStringLiteral("green") : QStringLiteral("blue");
}

const BlueGreenStatus::Colour &BlueGreenStatus::colour(const QString &name) const
{
    return name == QLatin1String("green") ? green : blue;
}

BlueGreenStatus::Colour &BlueGreenStatus::colour(const QString &name)
{
    return name == QLatin1String("green") ? green : blue;
}

BlueGreenStatus::Colour::Health BlueGreenStatus::Colour::health() const
{
    if (!exists)
        return Health::Missing;
    if (desired == 0)
        return Health::ScaledDown;
    if (rolloutFailed)
        return Health::Failed;
    return canTakeTraffic() ? Health::Healthy : Health::Progressing;
}

QString BlueGreenStatus::Colour::healthText(Health h)
{
    switch (h) {
    case Health::Missing:
        return QStringLiteral("missing");
    case Health::ScaledDown:
        return QStringLiteral("scaled down");
    case Health::Progressing:
        return QStringLiteral("progressing");
    case Health::Healthy:
        return QStringLiteral("healthy");
    case Health::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

} // namespace pw::core
