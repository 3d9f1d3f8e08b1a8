#pragma once

#include <QString>

namespace pw::core {

// Random access to a log file with pread(2), never mmap: a file truncated under a mapping
// raises SIGBUS (lnav's ARCHITECTURE.md), while pread just returns fewer bytes. poll() tells
// whether the file grew, was truncated, replaced (rotated: a new file at the path) or
// removed; the open descriptor keeps a removed file readable. Safe to use from one thread at
// a time; each search worker opens its own reader.
class LogFileReader
{
public:
    enum class Change { None, Grew, Truncated, Replaced, Removed };

    LogFileReader() = default;
    ~LogFileReader();
    LogFileReader(const LogFileReader &) = delete;
    LogFileReader &operator=(const LogFileReader &) = delete;

    bool open(const QString &path);
    // Shares the other reader's open file (dup), even if its path was since removed.
    bool openSame(const LogFileReader &other);
    void close();
    bool isOpen() const { return m_fd >= 0; }
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    // Bytes read into `buffer` (fewer at the end of the file, 0 past it, -1 on error).
    qint64 read(qint64 offset, char *buffer, qint64 size) const;
    // The size at the last open() or poll().
    qint64 size() const { return m_size; }
    // Re-examines the file. On Replaced the reader has reopened the new file at the path.
    Change poll();

private:
    QString m_path;
    QString m_error;
    int m_fd = -1;
    qint64 m_size = 0;
    quint64 m_device = 0;
    quint64 m_inode = 0;
    bool m_removed = false;
};

} // namespace pw::core
