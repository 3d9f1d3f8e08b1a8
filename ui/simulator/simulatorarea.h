#pragma once

#include "core/queueing/queueparameters.h"
#include "core/queueing/simulationresult.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace pw::core {
class SimulationRunner;
}

namespace pw::ui {

class RateControl;
class SimulatorPlots;

// The "Tune throughput" page: λ, μ, c, K and variability controls, the analytic figures and
// curves (recomputed on every change), and a simulation run in the background by
// core::SimulationRunner whose results fill the charts and the comparison table.
class SimulatorArea : public QWidget
{
    Q_OBJECT

public:
    explicit SimulatorArea(QWidget *parent = nullptr);
    ~SimulatorArea() override;

    core::QueueParameters parameters() const;
    void setParameters(const core::QueueParameters &parameters);
    // Measured λ, μ, ca², cs² (per hour), offered by the "use measured values" button.
    void setMeasuredValues(double lambdaPerHour, double muPerHour, double ca2, double cs2);

    bool exportPng(const QString &path);
    bool exportCsv(const QString &path) const;
    void startSimulation();

signals:
    void simulationFinished();

private:
    void buildControls(QWidget *panel);
    void onInputsChanged();
    void onUnitChanged();
    void updateAnalytic();
    void onSimulationFinished(const core::SimulationResult &result);
    void fillTable();
    void useMeasured();
    void chooseExportPng();
    void chooseExportCsv();
    double unitFactor() const; // rates shown per this many hours

    QComboBox *m_model = nullptr;
    QComboBox *m_unit = nullptr;
    RateControl *m_lambda = nullptr;
    RateControl *m_mu = nullptr;
    QSpinBox *m_servers = nullptr;
    QSpinBox *m_capacity = nullptr;
    RateControl *m_ca2 = nullptr;
    RateControl *m_cs2 = nullptr;
    QSpinBox *m_customers = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_measured = nullptr;
    QTableWidget *m_table = nullptr;
    SimulatorPlots *m_plots = nullptr;
    QTimer *m_simulateTimer = nullptr;
    core::SimulationRunner *m_runner = nullptr;
    core::SimulationResult m_result;
    bool m_haveResult = false;
    double m_measuredLambda = 0, m_measuredMu = 0, m_measuredCa2 = 1, m_measuredCs2 = 1;
    QString m_lastUnit;
};

} // namespace pw::ui
