// Simulator throughput, printed as figures (a benchmark, not a test): Lindley M/M/1
// customers/s, the event-driven engine's M/M/c events/s, and the server heap's G/G/c.
#include "core/queueing/lindleysimulator.h"
#include "core/queueing/queuesimulator.h"

#include <QElapsedTimer>

#include <cstdio>
#include <cstdlib>

using namespace pw::core;

namespace {

SimulationConfig mmc(double lambda, double mu, int c, qint64 customers)
{
    QueueParameters p;
    p.model = c == 1 ? QueueModel::MM1 : QueueModel::MMc;
    p.lambda = lambda;
    p.mu = mu;
    p.servers = c;
    SimulationConfig config = SimulationConfig::fromParameters(p, customers, 1);
    config.seriesPoints = 0;
    config.waitSamples = 0;
    return config;
}

} // namespace

int main(int argc, char **argv)
{
    const qint64 n = argc > 1 ? std::atoll(argv[1]) : 20000000;
    QElapsedTimer timer;

    timer.start();
    const double wq = LindleySimulator::meanWaitMM1(0.8, 1.0, n, 1);
    double s = double(timer.nsecsElapsed()) / 1e9;
    std::printf("lindley_mm1_bare_customers_per_s %.1f M (Wq %.4f, exact 4.0)\n",
                double(n) / s / 1e6, wq);

    timer.restart();
    SimulationResult r = QueueSimulator::run(mmc(0.8, 1.0, 1, n));
    s = double(timer.nsecsElapsed()) / 1e9;
    std::printf("lindley_mm1_full_customers_per_s %.1f M (Wq %.4f ± %.4f)\n",
                double(n) / s / 1e6, r.Wq.mean, r.Wq.halfWidth);

    SimulationConfig event = mmc(2.0, 1.0, 3, n);
    event.eventDriven = true;
    timer.restart();
    r = QueueSimulator::run(event);
    s = double(timer.nsecsElapsed()) / 1e9;
    std::printf("event_mmc3_events_per_s %.1f M (%lld events, Wq %.4f, exact 0.4444)\n",
                double(r.events) / s / 1e6, static_cast<long long>(r.events), r.Wq.mean);

    timer.restart();
    r = QueueSimulator::run(mmc(2.0, 1.0, 3, n));
    s = double(timer.nsecsElapsed()) / 1e9;
    std::printf("heap_mmc3_customers_per_s %.1f M (Wq %.4f)\n", double(n) / s / 1e6,
                r.Wq.mean);
    return 0;
}
