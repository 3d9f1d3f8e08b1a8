#pragma once

namespace pw::core {

// Erlang's loss and delay formulas, computed without factorials so that c can be in the
// thousands: the recursion B_k = a·B_{k−1}/(k + a·B_{k−1}) only ever holds numbers in [0, 1].
class Erlang
{
public:
    // Erlang B: blocking probability of M/M/c/c with offered load a = λ/μ.
    static double lossProbability(double offeredLoad, int servers);
    // Erlang C: probability of waiting in M/M/c; NaN when a ≥ c (unstable).
    static double delayProbability(double offeredLoad, int servers);
    // P0 of M/M/c, computed from Erlang B in log space (underflows to 0 only when it is
    // smaller than the smallest double). NaN when unstable.
    static double emptyProbability(double offeredLoad, int servers);
};

} // namespace pw::core
