#include "gatesteprunner.h"

#include "core/metrics/metricgate.h"

#include <QFile>
#include <QTimer>

namespace pw::core {

GateStepRunner::GateStepRunner(const QString &metricsFile, const QVariantMap &thresholds,
                               QObject *parent)
    : StepRunner(parent)
    , m_metricsFile(metricsFile)
    , m_thresholds(thresholds)
{
}

void GateStepRunner::start()
{
    QTimer::singleShot(0, this, &GateStepRunner::evaluate);
}

void GateStepRunner::cancel()
{
    if (m_done)
        return;
    m_done = true;
    emit finished(false, -1, QStringLiteral("cancelled"));
}

void GateStepRunner::evaluate()
{
    if (m_done)
        return;
    m_done = true;
    QFile file(m_metricsFile);
    if (!file.open(QIODevice::ReadOnly)) {
        const QString message = QStringLiteral("metric gate: cannot read %1: %2")
                                    .arg(m_metricsFile, file.errorString());
        emit output(OutputStream::Stderr, message.toUtf8() + '\n');
        emit finished(false, -1, message);
        return;
    }
    const MetricGate gate = MetricGate::evaluate(file.read(16 * 1024 * 1024), m_thresholds);
    emit output(OutputStream::Stdout, gate.table().toUtf8());
    if (gate.passed())
        emit finished(true, 0, QString());
    else
        emit finished(false, 1,
                      gate.error().isEmpty() ? QStringLiteral("metric gate failed")
                                             : QStringLiteral("metric gate: %1").arg(gate.error()));
}

} // namespace pw::core
