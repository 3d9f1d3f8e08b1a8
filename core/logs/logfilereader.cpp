#include "logfilereader.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pw::core {

LogFileReader::~LogFileReader() { close(); }

bool LogFileReader::open(const QString &path)
{
    close();
    m_path = path;
    m_removed = false;
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) {
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        close();
        return false;
    }
    m_size = st.st_size;
    m_device = st.st_dev;
    m_inode = st.st_ino;
    m_error.clear();
    return true;
}

bool LogFileReader::openSame(const LogFileReader &other)
{
    close();
    m_path = other.m_path;
    m_size = other.m_size;
    m_device = other.m_device;
    m_inode = other.m_inode;
    m_fd = other.m_fd >= 0 ? ::fcntl(other.m_fd, F_DUPFD_CLOEXEC, 0) : -1;
    return m_fd >= 0;
}

void LogFileReader::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_size = 0;
}

qint64 LogFileReader::read(qint64 offset, char *buffer, qint64 size) const
{
    if (m_fd < 0)
        return -1;
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::pread(m_fd, buffer + done, size_t(size - done), offset + done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return done > 0 ? done : -1;
        }
        if (n == 0)
            break; // end of file, possibly truncated under us
        done += n;
    }
    return done;
}

LogFileReader::Change LogFileReader::poll()
{
    if (m_fd < 0)
        return Change::None;
    struct stat atPath {};
    if (::stat(QFile::encodeName(m_path).constData(), &atPath) != 0) {
        if (m_removed)
            return Change::None;
        m_removed = true; // keep reading what the descriptor still holds
        return Change::Removed;
    }
    if (quint64(atPath.st_dev) != m_device || quint64(atPath.st_ino) != m_inode) {
        if (open(m_path))
            return Change::Replaced;
        return Change::Removed;
    }
    m_removed = false;
    struct stat st {};
    if (::fstat(m_fd, &st) != 0)
        return Change::None;
    const qint64 old = m_size;
    m_size = st.st_size;
    if (m_size < old)
        return Change::Truncated;
    return m_size > old ? Change::Grew : Change::None;
}

} // namespace pw::core
