#include "duration.h"

#include <QRegularExpression>

namespace pw::core {

std::optional<qint64> parseDuration(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber)
        return seconds >= 0 ? std::optional<qint64>(qint64(seconds * 1000)) : std::nullopt;

    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)"));
    qint64 total = 0;
    int pos = 0;
    auto it = part.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() != pos)
            return std::nullopt;
        pos = m.capturedEnd();
        const double value = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        const double factor = unit == u"ms" ? 1
                              : unit == u"s" ? 1000
                              : unit == u"m" ? 60'000
                              : unit == u"h" ? 3'600'000
                                             : 86'400'000;
        total += qint64(value * factor);
        if (total > qint64(365) * 86'400'000)
            return std::nullopt;
    }
    if (pos != text.size() || pos == 0)
        return std::nullopt;
    return total;
}

QString formatDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0s");
    if (ms % 1000 != 0)
        return QStringLiteral("%1ms").arg(ms);
    qint64 s = ms / 1000;
    QString out;
    const qint64 h = s / 3600;
    const qint64 m = (s % 3600) / 60;
    s %= 60;
    if (h)
        out += QStringLiteral("%1h").arg(h);
    if (m)
        out += QStringLiteral("%1m").arg(m);
    if (s)
        out += QStringLiteral("%1s").arg(s);
    return out;
}

} // namespace pw::core
