#pragma once

#include "core/run/steprunner.h"

#include <QVariantMap>

namespace pw::core {

// Runs a `gate` step: reads the metrics file from the workspace, prints MetricGate's table
// and fails when a threshold is missed. No process; it finishes from the event loop so its
// signals arrive like a process's would.
class GateStepRunner : public StepRunner
{
    Q_OBJECT

public:
    GateStepRunner(const QString &metricsFile, const QVariantMap &thresholds,
                   QObject *parent = nullptr);

    void start() override;
    void cancel() override;

private:
    void evaluate();

    QString m_metricsFile;
    QVariantMap m_thresholds;
    bool m_done = false;
};

} // namespace pw::core
