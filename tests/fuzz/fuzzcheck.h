#pragma once

// Shared by the libFuzzer targets in this folder: a property that does not hold is a finding,
// reported like a crash (abort) with the reason, so libFuzzer saves the input.
#include <QByteArray>
#include <QString>

#include <cstdio>
#include <cstdlib>

namespace pw::fuzz {

[[noreturn]] inline void propertyFailed(const char *what, const QString &detail)
{
    std::fprintf(stderr, "\n==== property failed: %s\n%s\n", what, qPrintable(detail.left(4000)));
    std::fflush(stderr);
    std::abort();
}

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    // A deep copy: the input buffer is the fuzzer's and must not be aliased past the call.
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace pw::fuzz

#define PW_FUZZ_CHECK(cond, detail)                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ::pw::fuzz::propertyFailed(#cond, (detail));                                           \
    } while (false)
