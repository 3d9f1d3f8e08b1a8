#include "simulatorarea.h"

#include "ui/simulator/ratecontrol.h"
#include "ui/simulator/simulatorplots.h"

#include "core/queueing/analyticqueue.h"
#include "core/queueing/runnerplanner.h"
#include "core/queueing/simulationrunner.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace pw::ui {

namespace {

const char16_t *const modelLabels[][2] = {
    {u"mm1", u"M/M/1 — one runner"},
    {u"mmc", u"M/M/c — c runners"},
    {u"mmck", u"M/M/c/K — at most K queued + running"},
    {u"mg1", u"M/G/1 — any duration spread"},
    {u"md1", u"M/D/1 — fixed duration"},
    {u"gg1", u"G/G/1 — Kingman approximation"},
    {u"ggc", u"G/G/c — Allen–Cunneen approximation"},
};

QString formatted(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 5) : QStringLiteral("—");
}

struct Row
{
    const char16_t *name;
    double core::QueueMetrics::*analytic;
    core::Estimate core::SimulationResult::*simulated;
};

const Row rows[] = {
    {u"ρ (utilisation)", &core::QueueMetrics::utilisation, &core::SimulationResult::rho},
    {u"L (in system)", &core::QueueMetrics::L, &core::SimulationResult::L},
    {u"Lq (waiting)", &core::QueueMetrics::Lq, &core::SimulationResult::Lq},
    {u"W (time in system)", &core::QueueMetrics::W, &core::SimulationResult::W},
    {u"Wq (wait)", &core::QueueMetrics::Wq, &core::SimulationResult::Wq},
    {u"P0 (idle)", &core::QueueMetrics::P0, &core::SimulationResult::P0},
    {u"P(wait)", &core::QueueMetrics::Pwait, &core::SimulationResult::Pwait},
    {u"P(block)", &core::QueueMetrics::Pblock, &core::SimulationResult::Pblock},
    {u"λ effective", &core::QueueMetrics::lambdaEff, &core::SimulationResult::lambdaEff},
};

} // namespace

SimulatorArea::SimulatorArea(QWidget *parent)
    : QWidget(parent)
    , m_plots(new SimulatorPlots(this))
    , m_simulateTimer(new QTimer(this))
    , m_runner(new core::SimulationRunner(this))
{
    setObjectName(QStringLiteral("simulatorArea"));
    auto *panel = new QWidget(this);
    panel->setObjectName(QStringLiteral("simulatorControls"));
    panel->setFixedWidth(340);
    buildControls(panel);

    m_table = new QTableWidget(int(std::size(rows)), 3, this);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setHorizontalHeaderLabels({tr("analytic"), tr("simulated"), tr("± 95%")});
    for (int r = 0; r < int(std::size(rows)); ++r)
        m_table->setVerticalHeaderItem(r, new QTableWidgetItem(QString::fromUtf16(rows[r].name)));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMinimumHeight(22 * (int(std::size(rows)) + 1) + 6);

    auto *right = new QVBoxLayout;
    right->addWidget(m_plots, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_table, 1);
    right->addLayout(bottom);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(panel);
    layout->addLayout(right, 1);

    // Simulations wait for the sliders to rest a moment; analytic figures follow at once.
    m_simulateTimer->setSingleShot(true);
    m_simulateTimer->setInterval(300);
    connect(m_simulateTimer, &QTimer::timeout, this, &SimulatorArea::startSimulation);
    connect(m_runner, &core::SimulationRunner::progress, this,
            [this](double f) { m_progress->setValue(int(f * 100)); });
    connect(m_runner, &core::SimulationRunner::finished, this,
            &SimulatorArea::onSimulationFinished);
    m_lastUnit = m_unit->currentData().toString();
    updateAnalytic();
    m_simulateTimer->start();
}

SimulatorArea::~SimulatorArea() = default;

void SimulatorArea::buildControls(QWidget *panel)
{
    auto *form = new QFormLayout(panel);
    form->setContentsMargins(0, 0, 0, 0);
    m_model = new QComboBox(panel);
    m_model->setObjectName(QStringLiteral("modelSelector"));
    for (const auto &m : modelLabels)
        m_model->addItem(QString::fromUtf16(m[1]), QString::fromUtf16(m[0]));
    m_model->setCurrentIndex(1);
    m_unit = new QComboBox(panel);
    m_unit->setObjectName(QStringLiteral("unitSelector"));
    m_unit->addItem(tr("per hour"), QStringLiteral("h"));
    m_unit->addItem(tr("per minute"), QStringLiteral("min"));
    m_lambda = new RateControl(QStringLiteral("lambda"), 0.1, 200.0, 2, panel);
    m_lambda->setValue(10.0);
    m_mu = new RateControl(QStringLiteral("mu"), 0.1, 100.0, 2, panel);
    m_mu->setValue(3.0);
    m_servers = new QSpinBox(panel);
    m_servers->setObjectName(QStringLiteral("servers"));
    m_servers->setRange(1, 1000);
    m_servers->setValue(5);
    m_capacity = new QSpinBox(panel);
    m_capacity->setObjectName(QStringLiteral("capacity"));
    m_capacity->setRange(1, 100000);
    m_capacity->setValue(20);
    m_ca2 = new RateControl(QStringLiteral("ca2"), 0.0, 5.0, 2, panel);
    m_ca2->setValue(1.0);
    m_cs2 = new RateControl(QStringLiteral("cs2"), 0.0, 5.0, 2, panel);
    m_cs2->setValue(1.0);
    m_customers = new QSpinBox(panel);
    m_customers->setObjectName(QStringLiteral("customers"));
    m_customers->setRange(int(core::SimulationConfig::minCustomers), 50000000);
    m_customers->setSingleStep(100000);
    m_customers->setValue(200000);

    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Rates"), m_unit);
    form->addRow(tr("λ arrivals"), m_lambda);
    form->addRow(tr("μ per runner"), m_mu);
    form->addRow(tr("Runners c"), m_servers);
    form->addRow(tr("Capacity K"), m_capacity);
    form->addRow(tr("ca² arrivals"), m_ca2);
    form->addRow(tr("cs² durations"), m_cs2);
    form->addRow(tr("Customers"), m_customers);

    m_status = new QLabel(panel);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setMinimumHeight(64);
    m_status->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    form->addRow(m_status);
    m_progress = new QProgressBar(panel);
    m_progress->setRange(0, 100);
    form->addRow(tr("Simulation"), m_progress);

    auto *simulate = new QPushButton(tr("Simulate"), panel);
    auto *cancel = new QPushButton(tr("Cancel"), panel);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(simulate);
    buttons->addWidget(cancel);
    form->addRow(buttons);
    m_measured = new QPushButton(tr("Use this project's measured values"), panel);
    m_measured->setEnabled(false);
    form->addRow(m_measured);
    auto *png = new QPushButton(tr("Export PNG…"), panel);
    auto *csv = new QPushButton(tr("Export CSV…"), panel);
    auto *exports = new QHBoxLayout;
    exports->addWidget(png);
    exports->addWidget(csv);
    form->addRow(exports);

    connect(simulate, &QPushButton::clicked, this, &SimulatorArea::startSimulation);
    connect(cancel, &QPushButton::clicked, m_runner, &core::SimulationRunner::cancel);
    connect(m_runner, &core::SimulationRunner::cancelled, this,
            [this] { m_progress->setValue(0); });
    connect(m_measured, &QPushButton::clicked, this, &SimulatorArea::useMeasured);
    connect(png, &QPushButton::clicked, this, &SimulatorArea::chooseExportPng);
    connect(csv, &QPushButton::clicked, this, &SimulatorArea::chooseExportCsv);
    connect(m_model, &QComboBox::currentIndexChanged, this, &SimulatorArea::onInputsChanged);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &SimulatorArea::onUnitChanged);
    for (RateControl *r : {m_lambda, m_mu, m_ca2, m_cs2})
        connect(r, &RateControl::valueChanged, this, &SimulatorArea::onInputsChanged);
    for (QSpinBox *s : {m_servers, m_capacity})
        connect(s, &QSpinBox::valueChanged, this, &SimulatorArea::onInputsChanged);
}

double SimulatorArea::unitFactor() const
{
    return m_unit->currentData().toString() == u"min" ? 1.0 / 60.0 : 1.0;
}

core::QueueParameters SimulatorArea::parameters() const
{
    core::QueueParameters p;
    p.model = core::queueModelFromName(m_model->currentData().toString())
                  .value_or(core::QueueModel::MMc);
    p.lambda = m_lambda->value();
    p.mu = m_mu->value();
    p.servers = core::isSingleServer(p.model) ? 1 : m_servers->value();
    p.capacity = p.model == core::QueueModel::MMcK ? m_capacity->value() : 0;
    p.ca2 = core::hasPoissonArrivals(p.model) ? 1.0 : m_ca2->value();
    p.cs2 = core::hasExponentialService(p.model) ? 1.0
            : p.model == core::QueueModel::MD1   ? 0.0
                                                 : m_cs2->value();
    return p;
}

void SimulatorArea::setParameters(const core::QueueParameters &p)
{
    m_model->setCurrentIndex(m_model->findData(core::queueModelName(p.model)));
    m_lambda->setValue(p.lambda);
    m_mu->setValue(p.mu);
    m_servers->setValue(p.servers);
    if (p.capacity > 0)
        m_capacity->setValue(p.capacity);
    m_ca2->setValue(p.ca2);
    m_cs2->setValue(p.cs2);
}

void SimulatorArea::setMeasuredValues(double lambdaPerHour, double muPerHour, double ca2,
                                      double cs2)
{
    m_measuredLambda = lambdaPerHour;
    m_measuredMu = muPerHour;
    m_measuredCa2 = ca2;
    m_measuredCs2 = cs2;
    m_measured->setEnabled(lambdaPerHour > 0 && muPerHour > 0);
}

void SimulatorArea::useMeasured()
{
    const double f = unitFactor();
    m_lambda->setValue(m_measuredLambda * f);
    m_mu->setValue(m_measuredMu * f);
    m_ca2->setValue(m_measuredCa2);
    m_cs2->setValue(m_measuredCs2);
}

void SimulatorArea::onUnitChanged()
{
    const QString unit = m_unit->currentData().toString();
    if (unit == m_lastUnit)
        return;
    // Same rates, new unit: per minute is per hour / 60.
    const double k = unit == u"min" ? 1.0 / 60.0 : 60.0;
    m_lastUnit = unit;
    const double lambda = m_lambda->value() * k, mu = m_mu->value() * k;
    if (unit == u"min") {
        m_lambda->setRange(0.001, 5.0);
        m_mu->setRange(0.001, 2.0);
        m_lambda->spinBox()->setDecimals(4);
        m_mu->spinBox()->setDecimals(4);
    } else {
        m_lambda->setRange(0.1, 200.0);
        m_mu->setRange(0.1, 100.0);
        m_lambda->spinBox()->setDecimals(2);
        m_mu->spinBox()->setDecimals(2);
    }
    m_lambda->setValue(lambda);
    m_mu->setValue(mu);
    m_plots->setTimeUnit(unit);
    onInputsChanged();
}

void SimulatorArea::onInputsChanged()
{
    const core::QueueModel model = parameters().model;
    m_servers->setEnabled(!core::isSingleServer(model));
    m_capacity->setEnabled(model == core::QueueModel::MMcK);
    m_ca2->setEnabled(!core::hasPoissonArrivals(model));
    m_cs2->setEnabled(!core::hasExponentialService(model) && model != core::QueueModel::MD1);
    updateAnalytic();
    m_simulateTimer->start();
}

void SimulatorArea::updateAnalytic()
{
    const core::QueueParameters p = parameters();
    const core::AnalyticQueue queue(p);
    const QString unit = m_unit->currentData().toString();
    if (!queue.isValid()) {
        m_status->setText(queue.error());
    } else if (!queue.metrics().stable) {
        m_status->setText(tr("<b>Unstable</b>: ρ = %1 ≥ 1 — the queue grows without bound. "
                             "Add runners or speed up the pipeline.")
                              .arg(queue.metrics().rho, 0, 'f', 3));
    } else {
        QString text = tr("ρ = %1, mean wait %2 %3")
                           .arg(queue.metrics().rho, 0, 'f', 3)
                           .arg(formatted(queue.metrics().Wq), unit);
        if (queue.hasWaitDistribution())
            text += tr("; 90% start within %1 %2")
                        .arg(formatted(queue.waitPercentile(0.9)), unit);
        if (!queue.metrics().exact)
            text += tr(" (approximation)");
        m_status->setText(text);
    }

    // Lq and Wq against ρ: λ swept with μ, c, K and the variabilities held.
    SimulatorPlots::LoadCurve curve;
    const double rhoMax = p.model == core::QueueModel::MMcK ? 1.6 : 0.985;
    for (int i = 1; i <= 160; ++i) {
        core::QueueParameters q = p;
        const double rho = rhoMax * i / 160.0;
        q.lambda = rho * q.servers * q.mu;
        const core::AnalyticQueue point(q);
        curve.rho.push_back(rho);
        curve.lq.push_back(point.metrics().Lq);
        curve.wq.push_back(point.metrics().Wq);
    }
    curve.operatingRho = queue.metrics().rho;
    curve.operatingLq = queue.metrics().Lq;
    curve.operatingWq = queue.metrics().Wq;
    m_plots->showLoadCurve(curve);

    // Wq against the number of runners, from the first stable c.
    if (p.lambda > 0 && p.mu > 0) {
        const core::RunnerPlanner planner(p.lambda, p.mu, p.ca2, p.cs2);
        std::vector<double> servers, wq;
        const int first = planner.minimumServers();
        for (int c = first; c < first + 10; ++c) {
            servers.push_back(c);
            wq.push_back(planner.meanWait(c));
        }
        m_plots->showRunnerSweep(servers, wq, p.servers);
    }
    fillTable();
}

void SimulatorArea::startSimulation()
{
    const core::AnalyticQueue queue(parameters());
    if (!queue.isValid() || !queue.metrics().stable) {
        m_runner->cancel();
        m_haveResult = false;
        m_plots->clearSimulation();
        fillTable();
        return;
    }
    m_progress->setValue(0);
    m_runner->start(core::SimulationConfig::fromParameters(parameters(), m_customers->value(),
                                                           1));
}

void SimulatorArea::onSimulationFinished(const core::SimulationResult &result)
{
    m_result = result;
    m_haveResult = result.error.isEmpty();
    m_progress->setValue(100);
    m_plots->showSimulation(result, core::AnalyticQueue(parameters()));
    fillTable();
    emit simulationFinished();
}

void SimulatorArea::fillTable()
{
    const core::AnalyticQueue queue(parameters());
    for (int r = 0; r < int(std::size(rows)); ++r) {
        const double analytic = queue.metrics().*rows[r].analytic;
        const core::Estimate sim = m_result.*rows[r].simulated;
        const QString cells[] = {formatted(analytic),
                                 m_haveResult ? formatted(sim.mean) : QString(),
                                 m_haveResult ? formatted(sim.halfWidth) : QString()};
        for (int c = 0; c < 3; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
}

bool SimulatorArea::exportPng(const QString &path)
{
    return m_plots->grab().save(path, "PNG");
}

bool SimulatorArea::exportCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const core::QueueParameters p = parameters();
    QByteArray out = "# model," + core::queueModelName(p.model).toUtf8() + ",lambda,"
                     + QByteArray::number(p.lambda) + ",mu," + QByteArray::number(p.mu)
                     + ",servers," + QByteArray::number(p.servers) + ",unit,"
                     + m_unit->currentData().toString().toUtf8() + '\n';
    out += "figure,analytic,simulated,halfwidth95\n";
    for (int r = 0; r < m_table->rowCount(); ++r) {
        out += QString::fromUtf16(rows[r].name).section(u' ', 0, 0).toUtf8();
        for (int c = 0; c < 3; ++c) {
            const QTableWidgetItem *item = m_table->item(r, c);
            const QString text = item ? item->text() : QString();
            out += ',' + (text == u"—" ? QByteArray() : text.toUtf8());
        }
        out += '\n';
    }
    file.write(out);
    return file.commit();
}

void SimulatorArea::chooseExportPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export charts"),
                                                      QStringLiteral("simulator.png"),
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty())
        exportPng(path);
}

void SimulatorArea::chooseExportCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export figures"),
                                                      QStringLiteral("simulator.csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

} // namespace pw::ui
