#include "arrivalstatistics.h"

#include <algorithm>
#include <cmath>

namespace pw::core {

int ArrivalStatistics::hourOfWeekSlot(const QDateTime &time)
{
    return (time.date().dayOfWeek() - 1) * 24 + time.time().hour();
}

ArrivalStatistics ArrivalStatistics::compute(QList<QDateTime> arrivals)
{
    ArrivalStatistics s;
    std::sort(arrivals.begin(), arrivals.end());
    s.count = int(arrivals.size());
    if (arrivals.isEmpty())
        return s;
    s.first = arrivals.first();
    s.last = arrivals.last();
    const qint64 spanSecs = s.first.secsTo(s.last);
    s.spanHours = spanSecs / 3600.0;
    for (const QDateTime &t : std::as_const(arrivals))
        ++s.hourOfWeekCount[std::size_t(hourOfWeekSlot(t))];
    // How many times each slot occurs in [first, last], counting the first week.
    const double weeks = std::floor(spanSecs / (7.0 * 24 * 3600)) + 1;
    for (std::size_t i = 0; i < s.hourOfWeekRate.size(); ++i)
        s.hourOfWeekRate[i] = s.hourOfWeekCount[i] / weeks;
    if (arrivals.size() < 2 || spanSecs <= 0)
        return s;
    s.ratePerHour = (arrivals.size() - 1) / s.spanHours;
    // Welford's update: stable for long histories with large timestamps.
    double mean = 0;
    double m2 = 0;
    qsizetype n = 0;
    for (qsizetype i = 1; i < arrivals.size(); ++i) {
        const double gap = double(arrivals.at(i - 1).secsTo(arrivals.at(i)));
        ++n;
        const double delta = gap - mean;
        mean += delta / double(n);
        m2 += delta * (gap - mean);
    }
    s.meanInterArrivalSeconds = mean;
    s.interArrivalVariance = n > 1 ? m2 / double(n - 1) : 0;
    s.cv2 = mean > 0 ? s.interArrivalVariance / (mean * mean) : 0;
    return s;
}

QList<int> ArrivalStatistics::perHour(const QList<QDateTime> &arrivals, const QDateTime &from,
                                      const QDateTime &to)
{
    const qint64 hours = std::max<qint64>(0, (from.secsTo(to) + 3599) / 3600);
    QList<int> bins(hours, 0);
    for (const QDateTime &t : arrivals) {
        const qint64 offset = from.secsTo(t);
        if (offset >= 0 && offset / 3600 < hours)
            ++bins[offset / 3600];
    }
    return bins;
}

} // namespace pw::core
