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

} // namespace pw::core
