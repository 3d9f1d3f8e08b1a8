#pragma once

#include <QDateTime>
#include <QList>

#include <array>

namespace pw::core {

// What the queueing model needs to know about how commits arrive: the rate λ, the
// variability of the gaps between arrivals (cv² = 1 for a Poisson stream, the M/M/* case;
// anything else calls for G/G/* formulas) and when in the week they come. Plain values,
// computed from the arrival times GitHistory reads.
struct ArrivalStatistics
{
    int count = 0;
    QDateTime first;
    QDateTime last;
    double spanHours = 0;            // last - first
    double ratePerHour = 0;          // λ: (count - 1) / spanHours; 0 with fewer than 2
    double meanInterArrivalSeconds = 0;
    double interArrivalVariance = 0; // seconds²
    double cv2 = 0;                  // variance / mean²
    // Arrivals per hour-of-week slot (slot 0 = Monday 00:00-01:00 in each arrival's own UTC
    // offset, i.e. the committer's local time), averaged over the weeks spanned.
    std::array<double, 168> hourOfWeekRate{};
    std::array<int, 168> hourOfWeekCount{};

    // `arrivals` in any order.
    static ArrivalStatistics compute(QList<QDateTime> arrivals);
    // Arrivals per hour in consecutive hourly bins from `from` (inclusive) to `to`.
    static QList<int> perHour(const QList<QDateTime> &arrivals, const QDateTime &from,
                              const QDateTime &to);
    static int hourOfWeekSlot(const QDateTime &time);
};

} // namespace pw::core
