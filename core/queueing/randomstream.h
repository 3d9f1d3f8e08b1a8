#pragma once

#include <QtGlobal>

#include <cmath>
#include <cstdint>

namespace pw::core {

// xoshiro256** (Blackman & Vigna) seeded through SplitMix64, with our own transforms so that a
// seed gives the same samples under every standard library (std:: distributions do not).
// One stream per random source: arrivals and services draw from separate streams, so runs
// that differ only in c see identical arrivals (common random numbers).
class RandomStream
{
public:
    // Stream `index` of `seed`: the seeded generator advanced by `index` jumps of 2^128.
    explicit RandomStream(quint64 seed, int index = 0);

    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform on [0, 1) with 53 random bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    // Exponential with the given mean; 1 − u is in (0, 1], so the log is finite.
    double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }
    double standardNormal();

    void jump();

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 m_s[4];
};

} // namespace pw::core
