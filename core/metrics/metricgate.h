#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariantMap>
#include <optional>

namespace pw::core {

// The metric gate step: compares the numbers in a JSON metrics file (e.g. written by a model
// evaluation) against thresholds and says whether the model may ship. Pure logic; the
// engine's gate step runner prints table() and fails the stage when passed() is false.
class MetricGate
{
public:
    struct Threshold
    {
        enum class Op { GreaterEqual, LessEqual, Equal, NotEqual, Greater, Less, Range };
        Op op = Op::GreaterEqual;
        double a = 0; // the bound, or the lower end of a range
        double b = 0; // the upper end of a range
        QString text;
        bool accepts(double value) const;
    };

    struct Row
    {
        QString metric;
        std::optional<double> value; // missing or not a number: the row fails
        QString threshold;
        bool passed = false;
        QString note;
    };

    // ">= 0.9", "<= 0.2", "== 1", "!= 0", "> 3", "< 4" or a range "0.8..0.95" (inclusive).
    static std::optional<Threshold> parseThreshold(const QString &text);

    // thresholds: metric name (dots reach into nested objects) → threshold text.
    static MetricGate evaluate(const QByteArray &metricsJson, const QVariantMap &thresholds);

    bool passed() const { return m_error.isEmpty() && !m_rows.isEmpty() && m_failed == 0; }
    QString error() const { return m_error; } // the file itself was unusable
    const QList<Row> &rows() const { return m_rows; }
    // Aligned columns: metric, value, threshold, result; then a one-line verdict.
    QString table() const;

private:
    QList<Row> m_rows;
    int m_failed = 0;
    QString m_error;
};

} // namespace pw::core
