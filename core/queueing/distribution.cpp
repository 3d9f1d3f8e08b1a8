#include "distribution.h"

#include <cmath>
#include <numeric>

namespace pw::core {

Distribution Distribution::exponential(double mean)
{
    Distribution d;
    d.m_mean = mean;
    return d;
}

Distribution Distribution::deterministic(double value)
{
    Distribution d;
    d.m_kind = Kind::Deterministic;
    d.m_mean = value;
    d.m_cv2 = 0.0;
    return d;
}

Distribution Distribution::erlang(int k, double mean)
{
    Distribution d;
    d.m_kind = k == 1 ? Kind::Exponential : Kind::Erlang;
    d.m_k = k;
    d.m_mean = mean;
    d.m_cv2 = 1.0 / k;
    return d;
}

Distribution Distribution::lognormal(double mean, double cv2)
{
    // If ln X ~ N(m, s²): E[X] = e^{m + s²/2}, cv² = e^{s²} − 1.
    Distribution d;
    d.m_kind = Kind::Lognormal;
    d.m_mean = mean;
    d.m_cv2 = cv2;
    const double s2 = std::log1p(cv2);
    d.m_logSigma = std::sqrt(s2);
    d.m_logMean = std::log(mean) - s2 / 2.0;
    return d;
}

Distribution Distribution::empirical(std::vector<double> values)
{
    Distribution d;
    d.m_kind = Kind::Empirical;
    if (values.empty())
        values.push_back(1.0);
    const double n = double(values.size());
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
    double ss = 0.0;
    for (double v : values)
        ss += (v - mean) * (v - mean);
    d.m_mean = mean;
    d.m_cv2 = mean > 0.0 ? ss / n / (mean * mean) : 0.0;
    d.m_values = std::make_shared<const std::vector<double>>(std::move(values));
    return d;
}

Distribution Distribution::fromMoments(double mean, double cv2)
{
    if (cv2 <= 0.0)
        return deterministic(mean);
    const double k = std::round(1.0 / cv2);
    if (k >= 1.0 && k <= 100.0 && std::abs(1.0 / k - cv2) < 1e-9)
        return erlang(int(k), mean);
    return lognormal(mean, cv2);
}

QString Distribution::describe() const
{
    switch (m_kind) {
    case Kind::Exponential:
        return QStringLiteral("exponential");
    case Kind::Deterministic:
        return QStringLiteral("deterministic");
    case Kind::Erlang:
        return QStringLiteral("Erlang-%1").arg(m_k);
    case Kind::Lognormal:
        return QStringLiteral("lognormal");
    case Kind::Empirical:
        return QStringLiteral("empirical (%1 values)").arg(m_values->size());
    }
    return {};
}

double Distribution::sampleErlang(RandomStream &rng) const
{
    // Sum of k exponentials as one log of a product; logs are summed instead once the product
    // could underflow.
    const double scale = m_mean / m_k;
    if (m_k <= 16) {
        double product = 1.0;
        for (int i = 0; i < m_k; ++i)
            product *= 1.0 - rng.uniform();
        return -scale * std::log(product);
    }
    double sum = 0.0;
    for (int i = 0; i < m_k; ++i)
        sum += rng.exponential(scale);
    return sum;
}

} // namespace pw::core
