#include "steplogwriter.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QtEndian>

#include <cerrno>
#include <cstring>

namespace pw::core {

namespace {

void appendRecord(QByteArray &records, qint64 offset, OutputStream stream, quint32 ms)
{
    char raw[StepLogWriter::IndexRecordSize];
    const quint64 tagged = quint64(offset) | (quint64(stream) << 62);
    qToLittleEndian<quint64>(tagged, raw);
    qToLittleEndian<quint32>(ms, raw + 8);
    records.append(raw, sizeof raw);
}

} // namespace

StepLogWriter::~StepLogWriter() { close(); }

bool StepLogWriter::fail(const QFile &file)
{
    const int err = errno;
    QString why = file.errorString();
    if (why.isEmpty() || why == u"Unknown error")
        why = QString::fromLocal8Bit(std::strerror(err));
    m_error = QStringLiteral("cannot write log %1: %2").arg(file.fileName(), why);
    return false;
}

bool StepLogWriter::open(const QString &path)
{
    close();
    m_error.clear();
    m_path = path;
    m_startMs = QDateTime::currentMSecsSinceEpoch();
    m_offset = 0;
    m_atLineStart = true;
    m_records.clear();
    return true;
}

bool StepLogWriter::create()
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_log.setFileName(m_path);
    m_index.setFileName(m_path + QStringLiteral(".idx"));
    // Unbuffered: each append is one write(2) of a whole read from the process, so the bytes
    // are in the file at once and a full disk is noticed on the very write that hit it.
    if (!m_log.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return fail(m_log);
    if (!m_index.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        fail(m_index);
        m_log.close();
        return false;
    }
    m_offset = m_log.size();
    if (m_index.size() == 0) {
        char header[IndexHeaderSize];
        std::memcpy(header, "PWLX", 4);
        qToLittleEndian<quint32>(1, header + 4);
        qToLittleEndian<qint64>(m_startMs, header + 8);
        if (m_index.write(header, sizeof header) != sizeof header) {
            fail(m_index);
            close();
            return false;
        }
    } else {
        // Appending to an earlier log of the same path: keep timing relative to its header.
        QFile existing(m_index.fileName());
        if (existing.open(QIODevice::ReadOnly)) {
            const QByteArray header = existing.read(IndexHeaderSize);
            if (header.size() == IndexHeaderSize)
                m_startMs = qFromLittleEndian<qint64>(header.constData() + 8);
        }
    }
    return true;
}

bool StepLogWriter::append(OutputStream stream, const QByteArray &data)
{
    if (data.isEmpty())
        return true;
    if (!m_log.isOpen() && (m_path.isEmpty() || !m_error.isEmpty() || !create()))
        return false;
    const auto ms = quint32(QDateTime::currentMSecsSinceEpoch() - m_startMs);
    if (m_atLineStart)
        appendRecord(m_records, m_offset, stream, ms);
    // A record for each line that starts inside this chunk.
    const char *begin = data.constData();
    const char *end = begin + data.size();
    for (const char *p = begin;
         (p = static_cast<const char *>(std::memchr(p, '\n', end - p))) != nullptr;) {
        ++p;
        if (p == end)
            break;
        appendRecord(m_records, m_offset + (p - begin), stream, ms);
    }
    m_atLineStart = data.endsWith('\n');
    if (m_log.write(data) != data.size())
        return fail(m_log);
    m_offset += data.size();
    // Index records are written in blocks, not one 12-byte write per line.
    if (m_records.size() >= 64 * 1024) {
        if (m_index.write(m_records) != m_records.size())
            return fail(m_index);
        m_records.clear();
    }
    return true;
}

bool StepLogWriter::flush()
{
    if (!m_log.isOpen())
        return m_error.isEmpty();
    if (!m_records.isEmpty()) {
        if (m_index.write(m_records) != m_records.size())
            return fail(m_index);
        m_records.clear();
    }
    if (!m_log.flush())
        return fail(m_log);
    if (!m_index.flush())
        return fail(m_index);
    return true;
}

void StepLogWriter::close()
{
    if (m_log.isOpen())
        flush();
    m_log.close();
    m_index.close();
}

} // namespace pw::core
