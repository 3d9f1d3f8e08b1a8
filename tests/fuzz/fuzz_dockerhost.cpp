// libFuzzer target: DOCKER_HOST values. Valid ones give an endpoint; invalid ones an error
// that names (a bounded prefix of) the value.
#include "fuzzcheck.h"

#include "core/docker/dockerhost.h"

using namespace pw::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QString value = QString::fromUtf8(pw::fuzz::bytes(data + 1, size - 1));
    const DockerHost h = DockerHost::parse(value, data[0] & 1, QStringLiteral("/certs"));
    if (h.isValid()) {
        PW_FUZZ_CHECK(!h.endpoint().unixSocket.isEmpty() || !h.endpoint().baseUrl.isEmpty(), value);
    } else {
        PW_FUZZ_CHECK(h.error().contains(QStringLiteral("DOCKER_HOST")), h.error());
        PW_FUZZ_CHECK(h.error().size() <= 400, h.error().left(200));
    }
    return 0;
}
