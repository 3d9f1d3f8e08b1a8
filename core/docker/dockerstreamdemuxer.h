#pragma once

#include <QByteArray>

#include <functional>

namespace pw::core {

// Splits the multiplexed stream of /containers/{id}/logs and /attach for a container
// without a TTY: frames of an 8-byte header [stream, 0, 0, 0, size as big-endian uint32]
// then `size` bytes; stream 1 is stdout, 2 stderr (swagger "Stream format").
class DockerStreamDemuxer
{
public:
    using Sink = std::function<void(int stream, const QByteArray &payload)>;

    explicit DockerStreamDemuxer(Sink sink) : m_sink(std::move(sink)) {}
    void feed(const QByteArray &data); // any split of the stream, frames may straddle calls

private:
    Sink m_sink;
    QByteArray m_buffer;
};

} // namespace pw::core
