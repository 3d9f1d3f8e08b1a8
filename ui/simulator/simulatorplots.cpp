#include "simulatorplots.h"

#include "core/queueing/analyticqueue.h"
#include "core/queueing/simulationresult.h"

#include <QGridLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace pw::ui {

namespace {

const QColor lqColor(0x1f, 0x77, 0xb4);
const QColor wqColor(0xd6, 0x27, 0x28);
const QColor simColor(0x2c, 0xa0, 0x2c);

QVector<double> toVector(const std::vector<double> &v)
{
    return QVector<double>(v.begin(), v.end());
}

double finiteMax(const std::vector<double> &v)
{
    double m = 0.0;
    for (double x : v) {
        if (std::isfinite(x))
            m = std::max(m, x);
    }
    return m;
}

} // namespace

SimulatorPlots::SimulatorPlots(QWidget *parent)
    : QWidget(parent)
    , m_load(makePlot(tr("Queue and wait against load ρ")))
    , m_queue(makePlot(tr("Simulated number in system")))
    , m_histogram(makePlot(tr("Waiting time of those who wait")))
    , m_runners(makePlot(tr("Mean wait against runners")))
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    grid->addWidget(m_load, 0, 0);
    grid->addWidget(m_runners, 0, 1);
    grid->addWidget(m_queue, 1, 0);
    grid->addWidget(m_histogram, 1, 1);

    m_load->addGraph(m_load->xAxis, m_load->yAxis);
    m_load->addGraph(m_load->xAxis, m_load->yAxis2);
    m_load->graph(0)->setPen(QPen(lqColor, 2));
    m_load->graph(0)->setName(tr("Lq"));
    m_load->graph(1)->setPen(QPen(wqColor, 2));
    m_load->graph(1)->setName(tr("Wq"));
    m_load->addGraph(m_load->xAxis, m_load->yAxis); // operating point
    m_load->graph(2)->setLineStyle(QCPGraph::lsNone);
    m_load->graph(2)->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.5), lqColor, 9));
    m_load->graph(2)->setName(tr("now"));
    m_load->yAxis2->setVisible(true);
    m_load->xAxis->setLabel(tr("ρ = λ/(cμ)"));
    m_load->yAxis->setLabel(tr("Lq (waiting)"));
    m_load->legend->setVisible(true);
    m_load->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    auto *asymptote = new QCPItemStraightLine(m_load);
    asymptote->point1->setCoords(1.0, 0.0);
    asymptote->point2->setCoords(1.0, 1.0);
    asymptote->setPen(QPen(Qt::gray, 1.5, Qt::DashLine));
    auto *label = new QCPItemText(m_load);
    label->setObjectName(QStringLiteral("asymptoteLabel"));
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(1.0, 0.05);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    label->setText(tr("ρ = 1 "));
    label->setColor(Qt::gray);

    m_queue->addGraph();
    m_queue->graph(0)->setPen(QPen(simColor, 1));
    m_queue->graph(0)->setLineStyle(QCPGraph::lsStepLeft);
    m_queue->yAxis->setLabel(tr("customers"));

    auto *bars = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
    bars->setPen(Qt::NoPen);
    bars->setBrush(QColor(simColor.red(), simColor.green(), simColor.blue(), 140));
    bars->setName(tr("simulated"));
    m_histogram->addGraph();
    m_histogram->graph(0)->setPen(QPen(wqColor, 2));
    m_histogram->graph(0)->setName(tr("analytic density"));
    m_histogram->yAxis->setLabel(tr("density"));
    m_histogram->legend->setVisible(true);

    m_runners->addGraph();
    m_runners->graph(0)->setPen(QPen(wqColor, 2));
    m_runners->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    m_runners->addGraph();
    m_runners->graph(1)->setLineStyle(QCPGraph::lsNone);
    m_runners->graph(1)->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.5), wqColor, 11));
    m_runners->xAxis->setLabel(tr("runners c"));
    setTimeUnit(m_unit);
}

QCustomPlot *SimulatorPlots::makePlot(const QString &title)
{
    auto *plot = new QCustomPlot(this);
    plot->setMinimumSize(320, 220);
    plot->plotLayout()->insertRow(0);
    auto *heading = new QCPTextElement(plot, title, QFont(font().family(), 10, QFont::Bold));
    plot->plotLayout()->addElement(0, 0, heading);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    plot->legend->setFont(legendFont);
    plot->legend->setBrush(QColor(255, 255, 255, 200));
    return plot;
}

void SimulatorPlots::setTimeUnit(const QString &unit)
{
    m_unit = unit;
    m_load->yAxis2->setLabel(tr("Wq (%1)").arg(unit));
    m_queue->xAxis->setLabel(tr("time (%1)").arg(unit));
    m_histogram->xAxis->setLabel(tr("wait (%1)").arg(unit));
    m_runners->yAxis->setLabel(tr("Wq (%1)").arg(unit));
}

void SimulatorPlots::showLoadCurve(const LoadCurve &curve)
{
    m_load->graph(0)->setData(toVector(curve.rho), toVector(curve.lq), true);
    m_load->graph(1)->setData(toVector(curve.rho), toVector(curve.wq), true);
    m_load->graph(2)->data()->clear();
    if (std::isfinite(curve.operatingLq))
        m_load->graph(2)->addData(curve.operatingRho, curve.operatingLq);
    // Lq grows without bound at ρ → 1: show the operating point's neighbourhood, not infinity.
    const double lqTop = std::min(finiteMax(curve.lq),
                                  std::max(4.0, 3.0 * (std::isfinite(curve.operatingLq)
                                                           ? curve.operatingLq
                                                           : 4.0)));
    const double ratio = finiteMax(curve.wq) > 0 && finiteMax(curve.lq) > 0
                             ? finiteMax(curve.wq) / finiteMax(curve.lq)
                             : 1.0;
    const double xMax = std::max(1.1, curve.rho.empty() ? 1.1 : curve.rho.back() * 1.02);
    m_load->xAxis->setRange(0.0, std::max(xMax, curve.operatingRho * 1.05));
    m_load->yAxis->setRange(0.0, lqTop * 1.05);
    m_load->yAxis2->setRange(0.0, lqTop * 1.05 * ratio);
    m_load->replot(QCustomPlot::rpQueuedReplot);
}

void SimulatorPlots::showRunnerSweep(const std::vector<double> &servers,
                                     const std::vector<double> &wq, int current)
{
    m_runners->graph(0)->setData(toVector(servers), toVector(wq), true);
    m_runners->graph(1)->data()->clear();
    for (size_t i = 0; i < servers.size(); ++i) {
        if (int(servers[i]) == current && std::isfinite(wq[i]))
            m_runners->graph(1)->addData(servers[i], wq[i]);
    }
    if (!servers.empty())
        m_runners->xAxis->setRange(servers.front() - 0.5, servers.back() + 0.5);
    m_runners->yAxis->setRange(0.0, std::max(finiteMax(wq), 1e-9) * 1.1);
    m_runners->replot(QCustomPlot::rpQueuedReplot);
}

void SimulatorPlots::showSimulation(const core::SimulationResult &result,
                                    const core::AnalyticQueue &queue)
{
    m_queue->graph(0)->setData(toVector(result.seriesTime), toVector(result.seriesCount), true);
    m_queue->rescaleAxes();
    m_queue->yAxis->setRangeLower(0.0);
    m_queue->yAxis->setRangeUpper(m_queue->yAxis->range().upper * 1.05 + 0.5);
    // Results arrive rarely: draw them now rather than on the next event-loop pass.
    m_queue->replot();

    // Histogram of the positive waits as a density scaled by the share who waited, so its
    // area matches the continuous part of the analytic distribution.
    std::vector<double> waits;
    for (double w : result.waitSamples) {
        if (w > 0.0)
            waits.push_back(w);
    }
    auto *bars = qobject_cast<QCPBars *>(m_histogram->plottable(0));
    bars->data()->clear();
    m_histogram->graph(0)->data()->clear();
    if (!waits.empty() && !result.waitSamples.empty()) {
        std::sort(waits.begin(), waits.end());
        const double top = waits[size_t(double(waits.size() - 1) * 0.99)];
        const int bins = 40;
        const double width = top > 0 ? top / bins : 1.0;
        std::vector<double> counts(bins, 0.0);
        for (double w : waits) {
            if (w < top)
                counts[size_t(std::min(bins - 1, int(w / width)))] += 1.0;
        }
        const double scale = 1.0 / (double(result.waitSamples.size()) * width);
        for (int b = 0; b < bins; ++b)
            bars->addData((b + 0.5) * width, counts[size_t(b)] * scale);
        bars->setWidth(width * 0.95);
        if (queue.hasWaitDistribution()) {
            for (int i = 1; i <= 200; ++i) {
                const double t = top * i / 200.0;
                m_histogram->graph(0)->addData(t, queue.waitDensity(t));
            }
        }
        m_histogram->rescaleAxes(true);
        m_histogram->xAxis->setRange(0.0, top);
        m_histogram->yAxis->setRangeLower(0.0);
        m_histogram->yAxis->setRangeUpper(m_histogram->yAxis->range().upper * 1.1);
    }
    m_histogram->graph(0)->setVisible(queue.hasWaitDistribution());
    m_histogram->replot();
}

void SimulatorPlots::clearSimulation()
{
    m_queue->graph(0)->data()->clear();
    m_queue->replot();
}

} // namespace pw::ui
