#pragma once

#include "core/queueing/randomstream.h"

#include <QString>

#include <memory>
#include <vector>

namespace pw::core {

// A positive random time (inter-arrival or service) described by its kind and first two
// moments: exponential, deterministic, Erlang-k, lognormal by mean and cv², or an empirical
// list of measured values replayed at random. A value type, cheap to copy.
class Distribution
{
public:
    enum class Kind { Exponential, Deterministic, Erlang, Lognormal, Empirical };

    Distribution() = default; // exponential with mean 1

    static Distribution exponential(double mean);
    static Distribution deterministic(double value);
    static Distribution erlang(int k, double mean);
    static Distribution lognormal(double mean, double cv2);
    static Distribution empirical(std::vector<double> values);
    // The simplest shape with these moments: deterministic (cv² = 0), Erlang-k (cv² = 1/k),
    // exponential (cv² = 1), else lognormal.
    static Distribution fromMoments(double mean, double cv2);

    Kind kind() const { return m_kind; }
    double mean() const { return m_mean; }
    double cv2() const { return m_cv2; }
    int erlangK() const { return m_k; }
    QString describe() const;

    double sample(RandomStream &rng) const
    {
        switch (m_kind) {
        case Kind::Exponential:
            return rng.exponential(m_mean);
        case Kind::Deterministic:
            return m_mean;
        case Kind::Erlang:
            return sampleErlang(rng);
        case Kind::Lognormal:
            return std::exp(m_logMean + m_logSigma * rng.standardNormal());
        case Kind::Empirical:
            return (*m_values)[size_t(rng.uniform() * double(m_values->size()))];
        }
        return m_mean;
    }

private:
    double sampleErlang(RandomStream &rng) const;

    Kind m_kind = Kind::Exponential;
    double m_mean = 1.0;
    double m_cv2 = 1.0;
    int m_k = 1;
    double m_logMean = 0.0;
    double m_logSigma = 0.0;
    std::shared_ptr<const std::vector<double>> m_values;
};

} // namespace pw::core
