// libFuzzer target: the JSON message stream of /build, /images/create and /push, split into
// lines the way the HTTP layer delivers them.
#include "fuzzcheck.h"

#include "core/docker/dockermessagestream.h"

using namespace pw::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = pw::fuzz::bytes(data, size);
    qsizetype out = 0;
    DockerMessageStream stream([&out](const QString &line) {
        PW_FUZZ_CHECK(!line.contains(u'\n'), line.left(200));
        out += line.size();
    });
    for (const QByteArray &line : input.split('\n'))
        stream.feed(line);
    stream.finish();
    if (stream.failed())
        PW_FUZZ_CHECK(!stream.errorMessage().isEmpty(), QStringLiteral("failed, no message"));
    return 0;
}
