#include "logbuffer.h"

#include "logbytereader.h"

#include <QDateTime>

#include <cstring>

namespace pw::core {

namespace {

qint64 readBlocks(const QList<QByteArray> &blocks, qint64 blockSize, qint64 offset,
                  char *buffer, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const qint64 block = (offset + done) / blockSize;
        if (block >= blocks.size())
            break;
        const QByteArray &b = blocks[block];
        const qint64 inBlock = (offset + done) % blockSize;
        if (inBlock >= b.size())
            break;
        const qint64 n = std::min(size - done, qint64(b.size()) - inBlock);
        std::memcpy(buffer + done, b.constData() + inBlock, size_t(n));
        done += n;
    }
    return done;
}

// Shares the blocks (implicitly shared QByteArrays): the buffer's later appends detach.
class BlockReader : public LogByteReader
{
public:
    BlockReader(QList<QByteArray> blocks, qint64 blockSize, qint64 size)
        : m_blocks(std::move(blocks)), m_blockSize(blockSize), m_size(size)
    {
    }
    qint64 size() const override { return m_size; }
    qint64 read(qint64 offset, char *buffer, qint64 size) override
    {
        return readBlocks(m_blocks, m_blockSize, offset, buffer,
                          std::min(size, m_size - offset));
    }

private:
    QList<QByteArray> m_blocks;
    qint64 m_blockSize;
    qint64 m_size;
};

} // namespace

LogBuffer::LogBuffer(QObject *parent)
    : LogSource(parent)
{
    m_index.setTimestampsEnabled(true);
}

LogBuffer::~LogBuffer() = default;

void LogBuffer::setStartTime(qint64 msSinceEpoch)
{
    m_startMs = msSinceEpoch;
}

void LogBuffer::append(QByteArrayView data, OutputStream stream, qint64 timeMs)
{
    if (data.isEmpty())
        return;
    if (timeMs < 0)
        timeMs = QDateTime::currentMSecsSinceEpoch();
    if (m_startMs < 0)
        m_startMs = timeMs;
    const quint32 meta = quint32(std::clamp<qint64>(timeMs - m_startMs, 0, LogLineIndex::MsMask))
                         | (quint32(stream) << 30);
    const qint64 firstChanged = std::max<qint64>(0, lineCount() - 1);
    const qsizetype oldGroups = qsizetype(groups().size());
    bool groupsChanged = false;
    const char *p = data.data();
    qint64 left = data.size();
    while (left > 0) {
        if (m_blocks.isEmpty() || m_blocks.last().size() >= BlockSize) {
            m_blocks.append(QByteArray());
            m_blocks.last().reserve(BlockSize);
        }
        QByteArray &block = m_blocks.last();
        const qint64 n = std::min(left, BlockSize - block.size());
        block.append(p, n);
        groupsChanged |= ingest(p, n, meta);
        p += n;
        left -= n;
    }
    emit linesAppended(firstChanged, lineCount());
    if (groupsChanged || qsizetype(groups().size()) != oldGroups)
        emit this->groupsChanged();
}

void LogBuffer::appendChunks(const OutputChunks &chunks)
{
    for (const OutputChunk &chunk : chunks)
        append(chunk.data, chunk.stream);
}

void LogBuffer::finish(bool failed)
{
    if (finishLog(failed))
        emit groupsChanged();
    emit finished();
}

std::unique_ptr<LogByteReader> LogBuffer::createReader() const
{
    return std::make_unique<BlockReader>(m_blocks, BlockSize, byteSize());
}

qint64 LogBuffer::readAt(qint64 offset, char *buffer, qint64 size) const
{
    return readBlocks(m_blocks, BlockSize, offset, buffer, size);
}

} // namespace pw::core
