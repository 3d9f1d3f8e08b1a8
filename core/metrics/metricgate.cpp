#include "metricgate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace pw::core {

namespace {

std::optional<double> toNumber(const QString &text)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    return ok && std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

QString formatNumber(double v) { return QString::number(v, 'g', 10); }

} // namespace

bool MetricGate::Threshold::accepts(double v) const
{
    switch (op) {
    case Op::GreaterEqual: return v >= a;
    case Op::LessEqual: return v <= a;
    // Metrics come out of floating-point arithmetic: equal within a relative 1e-9.
    case Op::Equal: return std::abs(v - a) <= 1e-9 * std::max(1.0, std::abs(a));
    case Op::NotEqual: return std::abs(v - a) > 1e-9 * std::max(1.0, std::abs(a));
    case Op::Greater: return v > a;
    case Op::Less: return v < a;
    case Op::Range: return v >= a && v <= b;
    }
    return false;
}

std::optional<MetricGate::Threshold> MetricGate::parseThreshold(const QString &text)
{
    const QString t = text.trimmed();
    Threshold th;
    th.text = t;
    const int dots = t.indexOf(u"..");
    if (dots > 0) {
        const auto lo = toNumber(t.left(dots));
        const auto hi = toNumber(t.mid(dots + 2));
        if (!lo || !hi || *lo > *hi)
            return std::nullopt;
        th.op = Threshold::Op::Range;
        th.a = *lo;
        th.b = *hi;
        return th;
    }
    static const struct { const char16_t *prefix; Threshold::Op op; } ops[] = {
        {u">=", Threshold::Op::GreaterEqual}, {u"<=", Threshold::Op::LessEqual},
        {u"==", Threshold::Op::Equal},        {u"!=", Threshold::Op::NotEqual},
        {u">", Threshold::Op::Greater},
        {u"<", Threshold::Op::Less},
    };
    for (const auto &o : ops) {
        const QString prefix = QString::fromUtf16(o.prefix);
        if (t.startsWith(prefix)) {
            const auto v = toNumber(t.mid(prefix.size()));
            if (!v)
                return std::nullopt;
            th.op = o.op;
            th.a = *v;
            return th;
        }
    }
    return std::nullopt;
}

MetricGate MetricGate::evaluate(const QByteArray &metricsJson, const QVariantMap &thresholds)
{
    MetricGate gate;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(metricsJson, &parseError);
    if (doc.isNull() || !doc.isObject()) {
        gate.m_error = doc.isNull()
                           ? QStringLiteral("the metrics file is not valid JSON: %1 at byte %2")
                                 .arg(parseError.errorString())
                                 .arg(parseError.offset)
                           : QStringLiteral("the metrics file must hold a JSON object");
        return gate;
    }
    if (thresholds.isEmpty()) {
        gate.m_error = QStringLiteral("the gate has no thresholds");
        return gate;
    }
    const QJsonObject root = doc.object();
    for (auto it = thresholds.cbegin(); it != thresholds.cend(); ++it) {
        Row row;
        row.metric = it.key();
        row.threshold = it.value().toString().trimmed();
        QJsonValue value = root;
        for (const QString &part : it.key().split(u'.'))
            value = value.toObject().value(part);
        if (value.isDouble())
            row.value = value.toDouble();
        else if (value.isString())
            row.value = toNumber(value.toString());
        const auto threshold = parseThreshold(row.threshold);
        if (!threshold)
            row.note = QStringLiteral("bad threshold");
        else if (!row.value)
            row.note = value.isUndefined() ? QStringLiteral("missing") : QStringLiteral("not a number");
        else
            row.passed = threshold->accepts(*row.value);
        if (row.note.isEmpty())
            row.note = row.passed ? QStringLiteral("ok") : QStringLiteral("MISSED");
        if (!row.passed)
            ++gate.m_failed;
        gate.m_rows << row;
    }
    return gate;
}

QString MetricGate::table() const
{
    if (!m_error.isEmpty())
        return QStringLiteral("metric gate: %1\n").arg(m_error);
    QList<QStringList> cells{{QStringLiteral("metric"), QStringLiteral("value"),
                              QStringLiteral("threshold"), QStringLiteral("result")}};
    for (const Row &r : m_rows) {
        cells << QStringList{r.metric, r.value ? formatNumber(*r.value) : QStringLiteral("-"),
                             r.threshold, r.note};
    }
    QList<qsizetype> widths(4, 0);
    for (const QStringList &row : std::as_const(cells)) {
        for (int c = 0; c < 4; ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    }
    QString out;
    for (const QStringList &row : std::as_const(cells)) {
        QString line;
        for (int c = 0; c < 4; ++c)
            line += c < 3 ? row.at(c).leftJustified(widths[c] + 2) : row.at(c);
        out += line + u'\n';
    }
    out += passed() ? QStringLiteral("metric gate passed: %1 of %1 thresholds met\n")
                          .arg(m_rows.size())
                    : QStringLiteral("metric gate failed: %1 of %2 thresholds missed\n")
                          .arg(m_failed)
                          .arg(m_rows.size());
    return out;
}

} // namespace pw::core
