#pragma once

#include <QWidget>

#include <vector>

class QCustomPlot;

namespace pw::core {
class AnalyticQueue;
struct SimulationResult;
} // namespace pw::core

namespace pw::ui {

// The simulator's four charts (QCustomPlot): Lq and Wq against ρ, simulated queue length over
// time, the waiting-time histogram with the analytic density, and Wq against the number of
// runners. It only draws what SimulatorArea hands it.
class SimulatorPlots : public QWidget
{
    Q_OBJECT

public:
    struct LoadCurve
    {
        std::vector<double> rho, lq, wq;
        double operatingRho = 0.0;
        double operatingLq = 0.0; // NaN when unstable
        double operatingWq = 0.0;
    };

    explicit SimulatorPlots(QWidget *parent = nullptr);

    void setTimeUnit(const QString &unit);
    void showLoadCurve(const LoadCurve &curve);
    void showRunnerSweep(const std::vector<double> &servers, const std::vector<double> &wq,
                         int current);
    void showSimulation(const core::SimulationResult &result, const core::AnalyticQueue &queue);
    void clearSimulation();

    QCustomPlot *loadPlot() const { return m_load; }
    QCustomPlot *queuePlot() const { return m_queue; }
    QCustomPlot *histogramPlot() const { return m_histogram; }
    QCustomPlot *runnersPlot() const { return m_runners; }

private:
    QCustomPlot *makePlot(const QString &title);

    QCustomPlot *m_load;
    QCustomPlot *m_queue;
    QCustomPlot *m_histogram;
    QCustomPlot *m_runners;
    QString m_unit = QStringLiteral("h");
};

} // namespace pw::ui
