#pragma once

#include "arrivalstatistics.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace pw::core {

// Reads when work arrived on a branch, for the queueing module's λ: the committer times of
// the branch's first-parent history (each is one merge or one direct push, the unit a CI
// run is started for; the commits inside a merged branch are not separate arrivals).
// Static functions opening their own repository, so they may run on any thread.
class GitHistory
{
public:
    struct Result
    {
        QList<QDateTime> arrivals; // oldest first, each with the committer's UTC offset
        bool truncated = false;    // a shallow clone: history stops early
        QString error;             // why nothing could be read, or the shallow warning
        bool ok() const { return error.isEmpty() || truncated; }
    };

    // Arrivals at or after `since` (all history when invalid). A bare repository is fine.
    static Result read(const QString &repoPath, const QString &branch,
                       const QDateTime &since = QDateTime());
    static QList<QDateTime> arrivals(const QString &repoPath, const QString &branch,
                                     const QDateTime &since = QDateTime(),
                                     QString *error = nullptr);
    static ArrivalStatistics statistics(const QString &repoPath, const QString &branch,
                                        const QDateTime &since = QDateTime(),
                                        QString *error = nullptr);
};

} // namespace pw::core
