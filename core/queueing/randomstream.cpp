#include "randomstream.h"

#include <numbers>

namespace pw::core {

namespace {

quint64 splitMix64(quint64 &state)
{
    quint64 z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

RandomStream::RandomStream(quint64 seed, int index)
{
    quint64 state = seed;
    for (quint64 &s : m_s)
        s = splitMix64(state);
    for (int i = 0; i < index; ++i)
        jump();
}

double RandomStream::standardNormal()
{
    // Box–Muller; the second variate is dropped so a sample always costs two draws, which
    // keeps streams aligned however the samples are used.
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

void RandomStream::jump()
{
    static constexpr quint64 jumpPolynomial[] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
                                                 0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
    quint64 s[4] = {0, 0, 0, 0};
    for (quint64 word : jumpPolynomial) {
        for (int b = 0; b < 64; ++b) {
            if (word & (quint64(1) << b)) {
                for (int i = 0; i < 4; ++i)
                    s[i] ^= m_s[i];
            }
            next();
        }
    }
    for (int i = 0; i < 4; ++i)
        m_s[i] = s[i];
}

} // namespace pw::core
