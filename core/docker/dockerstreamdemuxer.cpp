#include "dockerstreamdemuxer.h"

namespace pw::core {

void DockerStreamDemuxer::feed(const QByteArray &data)
{
    m_buffer.append(data);
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= 8) {
        const auto *h = reinterpret_cast<const uchar *>(m_buffer.constData() + pos);
        const quint32 size = (quint32(h[4]) << 24) | (quint32(h[5]) << 16)
            | (quint32(h[6]) << 8) | quint32(h[7]);
        if (m_buffer.size() - pos - 8 < qsizetype(size))
            break;
        if (m_sink && size > 0)
            m_sink(int(h[0]), m_buffer.mid(pos + 8, size));
        pos += 8 + size;
    }
    m_buffer.remove(0, pos);
}

} // namespace pw::core
