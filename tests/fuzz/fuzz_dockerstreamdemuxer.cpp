// libFuzzer target: the multiplexed stdout/stderr frames of /containers/{id}/logs. Splitting
// the bytes anywhere (here: at a stride the input chooses) must not change what comes out.
#include "fuzzcheck.h"

#include "core/docker/dockerstreamdemuxer.h"

using namespace pw::core;

namespace {

QByteArray demux(const QByteArray &input, qsizetype stride)
{
    QByteArray out;
    DockerStreamDemuxer demuxer([&out](int stream, const QByteArray &payload) {
        out += char('0' + (stream & 7));
        out += QByteArray::number(payload.size()) + ':' + payload;
    });
    for (qsizetype i = 0; i < input.size(); i += stride)
        demuxer.feed(input.mid(i, stride));
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype stride = 1 + data[0] % 13;
    const QByteArray input = pw::fuzz::bytes(data + 1, size - 1);
    const QByteArray whole = demux(input, qMax<qsizetype>(1, input.size()));
    PW_FUZZ_CHECK(demux(input, stride) == whole, QString::number(stride));
    return 0;
}
