#pragma once

#include <QString>
#include <optional>

namespace pw::core {

// Durations in pipeline files: "90s", "10m", "1h30m", "500ms", "2d" or a bare number of
// seconds. Stored as milliseconds; 0 means "not set".
std::optional<qint64> parseDuration(const QString &text);
QString formatDuration(qint64 milliseconds);

} // namespace pw::core
