#include "arrivalstatistics.h"

#include <algorithm>
#include <cmath>

namespace pw::core {

int ArrivalStatistics::hourOfWeekSlot(const QDateTime &time)
{
    // Arithmetic on local seconds: QDateTime::date() on a long history is the slow part.
    const qint64 local = time.toSecsSinceEpoch() + time.offsetFromUtc();
    const qint64 hours = local >= 0 ? local / 3600 : (local - 3599) / 3600;
    const qint64 days = hours >= 0 ? hours / 24 : (hours - 23) / 24;
    const int weekday = int(((days + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday
    return weekday * 24 + int(((hours % 24) + 24) % 24);
}

ArrivalStatistics ArrivalStatistics::compute(QList<QDateTime> arrivals)
{
    ArrivalStatistics s;
    // Sorted by plain seconds: comparing QDateTimes with offsets converts on every compare.
    QList<std::pair<qint64, qsizetype>> keys;
    keys.reserve(arrivals.size());
    for (qsizetype i = 0; i < arrivals.size(); ++i)
        keys.append({arrivals.at(i).toSecsSinceEpoch(), i});
    std::sort(keys.begin(), keys.end());
    QList<qint64> secs;
    secs.reserve(keys.size());
    for (const auto &k : std::as_const(keys))
        secs.append(k.first);
    s.count = int(arrivals.size());
    if (arrivals.isEmpty())
        return s;
    s.first = arrivals.at(keys.first().second);
    s.last = arrivals.at(keys.last().second);
    const qint64 spanSecs = secs.last() - secs.first();
    s.spanHours = spanSecs / 3600.0;
    for (const QDateTime &t : std::as_const(arrivals))
        ++s.hourOfWeekCount[std::size_t(hourOfWeekSlot(t))];
    // How many times each slot occurs in [first, last], counting the first week.
    const double weeks = std::floor(spanSecs / (7.0 * 24 * 3600)) + 1;
    for (std::size_t i = 0; i < s.hourOfWeekRate.size(); ++i)
        s.hourOfWeekRate[i] = s.hourOfWeekCount[i] / weeks;
    if (secs.size() < 2 || spanSecs <= 0)
        return s;
    s.ratePerHour = double(secs.size() - 1) / s.spanHours;
    // Welford's update: stable for long histories with large timestamps.
    double mean = 0;
    double m2 = 0;
    qsizetype n = 0;
    for (qsizetype i = 1; i < secs.size(); ++i) {
        const double gap = double(secs.at(i) - secs.at(i - 1));
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
