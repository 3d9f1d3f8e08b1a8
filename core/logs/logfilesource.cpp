#include "logfilesource.h"

#include "logbytereader.h"

#include <QtEndian>

namespace pw::core {

namespace {

constexpr qint64 ReadBlock = 4 << 20;
constexpr qint64 SliceBudget = 32 << 20; // ~10–30 ms of indexing per event-loop turn
// StepLogWriter's index format (core/engine/steplogwriter.h).
constexpr qint64 IdxHeader = 16;
constexpr qint64 IdxRecord = 12;

class FileReader : public LogByteReader
{
public:
    FileReader(const LogFileReader &reader, qint64 size) : m_size(size)
    {
        m_reader.openSame(reader);
    }
    qint64 size() const override { return m_size; }
    qint64 read(qint64 offset, char *buffer, qint64 size) override
    {
        return m_reader.read(offset, buffer, std::min(size, m_size - offset));
    }

private:
    LogFileReader m_reader;
    qint64 m_size;
};

} // namespace

LogFileSource::LogFileSource(QObject *parent)
    : LogSource(parent)
{
    m_sliceTimer.setInterval(0);
    connect(&m_sliceTimer, &QTimer::timeout, this, &LogFileSource::indexSlice);
    connect(&m_followTimer, &QTimer::timeout, this, &LogFileSource::poll);
}

LogFileSource::~LogFileSource() = default;

bool LogFileSource::open(const QString &path)
{
    m_sliceTimer.stop();
    if (!m_reader.open(path))
        return false;
    restart();
    return true;
}

void LogFileSource::restart()
{
    clearIndex();
    m_idx.close();
    m_records.clear();
    m_idxLine = 0;
    m_lastMeta = 0;
    m_startMs = -1;
    m_idx.setFileName(m_reader.path() + QStringLiteral(".idx"));
    bool withTimes = false;
    if (m_idx.open(QIODevice::ReadOnly)) {
        const QByteArray header = m_idx.read(IdxHeader);
        if (header.size() == IdxHeader && header.startsWith("PWLX")) {
            m_startMs = qFromLittleEndian<qint64>(header.constData() + 8);
            withTimes = true;
        } else {
            m_idx.close();
        }
    }
    m_index.setTimestampsEnabled(withTimes);
    m_sliceTimer.start();
}

void LogFileSource::setFollow(bool follow, int intervalMs)
{
    if (follow)
        m_followTimer.start(intervalMs);
    else
        m_followTimer.stop();
}

void LogFileSource::applyTimestamps(qint64 upTo)
{
    if (!m_idx.isOpen())
        return;
    for (;;) {
        if (m_records.size() < IdxRecord) {
            m_records += m_idx.read(256 * IdxRecord);
            if (m_records.size() < IdxRecord)
                return;
        }
        const char *p = m_records.constData();
        const quint64 tagged = qFromLittleEndian<quint64>(p);
        const qint64 offset = qint64(tagged & ((quint64(1) << 62) - 1));
        if (offset >= upTo)
            return;
        const quint32 meta = (qFromLittleEndian<quint32>(p + 8) & LogLineIndex::MsMask)
                             | quint32(tagged >> 62) << 30;
        // Records come in line order: try the expected line before searching.
        qint64 line = m_idxLine;
        if (m_index.lineStart(line) != offset)
            line = m_index.lineForOffset(offset);
        m_index.setMeta(line, meta);
        m_idxLine = line + 1;
        m_lastMeta = meta;
        m_records.remove(0, IdxRecord);
    }
}

bool LogFileSource::indexSome(qint64 budget)
{
    if (m_buffer.size() != ReadBlock)
        m_buffer.resize(ReadBlock);
    bool groupsChanged = false;
    qint64 done = 0;
    bool more = true;
    while (done < budget) {
        const qint64 offset = byteSize();
        const qint64 n = m_reader.read(offset, m_buffer.data(), ReadBlock);
        if (n <= 0) {
            more = false;
            break;
        }
        groupsChanged |= ingest(m_buffer.constData(), n, m_lastMeta);
        applyTimestamps(offset + n);
        done += n;
    }
    if (done > 0) {
        const qint64 before = std::max<qint64>(0, m_index.lineForOffset(byteSize() - done));
        emit linesAppended(before, lineCount());
    }
    if (groupsChanged)
        emit this->groupsChanged();
    return more;
}

void LogFileSource::indexSlice()
{
    if (!indexSome(SliceBudget)) {
        m_sliceTimer.stop();
        emit indexingFinished();
    }
}

void LogFileSource::indexAll()
{
    m_sliceTimer.stop();
    while (indexSome(qint64(1) << 40)) {
    }
    emit indexingFinished();
}

void LogFileSource::poll()
{
    LogFileReader::Change change = m_reader.poll();
    if (change != LogFileReader::Change::Replaced && m_reader.size() < byteSize())
        change = LogFileReader::Change::Truncated; // shrank below what we indexed
    switch (change) {
    case LogFileReader::Change::None:
        break;
    case LogFileReader::Change::Grew:
        if (!m_sliceTimer.isActive())
            m_sliceTimer.start();
        break;
    case LogFileReader::Change::Truncated:
    case LogFileReader::Change::Replaced:
        // Offsets no longer mean anything: start over on what is there now.
        restart();
        emit reset();
        break;
    case LogFileReader::Change::Removed:
        if (!m_removed) {
            m_removed = true;
            emit fileRemovedChanged(true);
        }
        break;
    }
}

void LogFileSource::finish(bool failed)
{
    if (!isIndexing())
        indexAll();
    if (finishLog(failed))
        emit groupsChanged();
    emit finished();
}

std::unique_ptr<LogByteReader> LogFileSource::createReader() const
{
    return std::make_unique<FileReader>(m_reader, byteSize());
}

qint64 LogFileSource::readAt(qint64 offset, char *buffer, qint64 size) const
{
    return m_reader.read(offset, buffer, size);
}

} // namespace pw::core
