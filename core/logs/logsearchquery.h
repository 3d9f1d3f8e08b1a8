#pragma once

#include <QString>

namespace pw::core {

// What the user searches for in a log.
struct LogSearchQuery
{
    QString pattern;
    bool regex = false;
    bool caseSensitive = false;
    bool operator==(const LogSearchQuery &) const = default;
};

} // namespace pw::core
