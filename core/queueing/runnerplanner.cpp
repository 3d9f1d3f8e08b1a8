#include "runnerplanner.h"

#include "core/queueing/erlang.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pw::core {

RunnerPlanner::RunnerPlanner(double lambda, double mu, double ca2, double cs2)
    : m_lambda(lambda)
    , m_mu(mu)
    , m_variability((ca2 + cs2) / 2.0)
{}

double RunnerPlanner::meanWait(int servers) const
{
    const double a = m_lambda / m_mu;
    if (servers < 1 || !(a < servers))
        return std::numeric_limits<double>::quiet_NaN();
    return Erlang::delayProbability(a, servers) / (servers * m_mu - m_lambda) * m_variability;
}

double RunnerPlanner::waitTail(int servers, double t) const
{
    const double a = m_lambda / m_mu;
    if (servers < 1 || !(a < servers))
        return std::numeric_limits<double>::quiet_NaN();
    const double decay = (servers * m_mu - m_lambda) / m_variability;
    return Erlang::delayProbability(a, servers) * std::exp(-decay * t);
}

int RunnerPlanner::minimumServers() const
{
    return int(std::floor(m_lambda / m_mu)) + 1;
}

std::optional<int> RunnerPlanner::serversForMeanWait(double target, int maxServers) const
{
    // The wait falls as c grows, so the first c that meets the target is the answer.
    for (int c = minimumServers(); c <= maxServers; ++c) {
        if (meanWait(c) <= target)
            return c;
    }
    return std::nullopt;
}

std::optional<int> RunnerPlanner::serversForWaitTail(double t, double alpha,
                                                     int maxServers) const
{
    for (int c = minimumServers(); c <= maxServers; ++c) {
        if (waitTail(c, t) <= alpha)
            return c;
    }
    return std::nullopt;
}

int RunnerPlanner::squareRootStaffing(double beta) const
{
    const double a = m_lambda / m_mu;
    return std::max(minimumServers(), int(std::ceil(a + beta * std::sqrt(a))));
}

} // namespace pw::core
