// libFuzzer target: the lines of a Kubernetes watch stream (KubeWatchEvent).
#include "fuzzcheck.h"

#include "core/kube/kubewatchevent.h"

using namespace pw::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = pw::fuzz::bytes(data, size);
    for (const QByteArray &line : input.split('\n')) {
        const KubeWatchEvent ev = KubeWatchEvent::fromLine(line);
        if (ev.kind == KubeWatchEvent::Kind::Changed)
            PW_FUZZ_CHECK(ev.type == u"ADDED" || ev.type == u"MODIFIED" || ev.type == u"DELETED",
                          ev.type);
        else
            PW_FUZZ_CHECK(ev.type.isEmpty(), ev.type);
    }
    return 0;
}
