#include "buildcontexttar.h"

#include <QDir>
#include <QFile>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pw::core {

namespace {
QString errnoText(int err)
{
    return QString::fromLocal8Bit(strerror(err));
}
} // namespace

BuildContextTar::BuildContextTar(const QString &contextDir, const QString &dockerfile)
    : m_contextDir(QDir(contextDir).absolutePath()), m_dockerfile(dockerfile)
{
}

BuildContextTar::~BuildContextTar()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (m_archive)
        archive_write_free(m_archive);
}

bool BuildContextTar::scan(QString *error)
{
    const QFileInfo root(m_contextDir);
    if (!root.exists()) {
        *error = QStringLiteral("build context %1 does not exist").arg(m_contextDir);
        return false;
    }
    if (!root.isDir()) {
        *error = QStringLiteral("build context %1 is not a directory").arg(m_contextDir);
        return false;
    }
    QString ignoreError;
    m_ignore = DockerIgnore::fromContext(m_contextDir, &ignoreError);
    if (!ignoreError.isEmpty()) {
        *error = QStringLiteral("%1/.dockerignore: %2").arg(m_contextDir, ignoreError);
        return false;
    }
    // As the CLI does: the daemon needs both files even when the patterns exclude them; it
    // removes them again before COPY sees the context.
    if (m_ignore.isExcluded(QStringLiteral(".dockerignore")))
        m_ignore.addPattern(QStringLiteral("!.dockerignore"));
    if (!m_dockerfile.isEmpty() && m_ignore.isExcluded(m_dockerfile))
        m_ignore.addPattern(QLatin1Char('!') + m_dockerfile);
    m_entries.clear();
    m_contentBytes = 0;
    walk(QString());
    return true;
}

void BuildContextTar::walk(const QString &relDir)
{
    QDir dir(relDir.isEmpty() ? m_contextDir : m_contextDir + QLatin1Char('/') + relDir);
    QStringList names = dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::System
                                          | QDir::NoDotAndDotDot,
                                      QDir::Name);
    for (const QString &name : std::as_const(names)) {
        const QString rel = relDir.isEmpty() ? name : relDir + QLatin1Char('/') + name;
        struct stat st;
        if (::lstat(QFile::encodeName(m_contextDir + QLatin1Char('/') + rel).constData(), &st)
            != 0)
            continue;
        const bool isDir = S_ISDIR(st.st_mode);
        if (m_ignore.isExcluded(rel)) {
            if (isDir && m_ignore.hasExceptions() && m_ignore.mayReincludeInside(rel))
                walk(rel);
            continue;
        }
        if (isDir) {
            m_entries.append(rel + QLatin1Char('/'));
            walk(rel);
        } else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
            m_entries.append(rel);
            if (S_ISREG(st.st_mode))
                m_contentBytes += st.st_size;
        }
        // Sockets, FIFOs and devices are not part of a build context.
    }
}

long BuildContextTar::onWrite(archive *, void *self, const void *data, size_t size)
{
    auto *t = static_cast<BuildContextTar *>(self);
    const char *bytes = static_cast<const char *>(data);
    qint64 n = qint64(size);
    if (t->m_dst && t->m_out.isEmpty()) {
        char *at = t->m_dst + t->m_dstLen;
        const qint64 room = t->m_dstMax - t->m_dstLen;
        if (bytes == at && n <= room) {
            // File data that read() put in the caller's buffer: libarchive hands the same
            // pointer through when it does no blocking, so the bytes are already in place.
            t->m_dstLen += n;
            return long(size);
        }
        const qint64 fits = qMin(n, room);
        memcpy(at, bytes, size_t(fits));
        t->m_dstLen += fits;
        bytes += fits;
        n -= fits;
    }
    // What does not fit (a header at the end of the caller's buffer, padding) waits here.
    if (n > 0)
        t->m_out.append(bytes, n);
    return long(size);
}

bool BuildContextTar::writeHeader(const QString &rel, QString *error)
{
    const bool isDir = rel.endsWith(QLatin1Char('/'));
    const QString name = isDir ? rel.chopped(1) : rel;
    const QByteArray path = QFile::encodeName(m_contextDir + QLatin1Char('/') + name);
    struct stat st;
    if (::lstat(path.constData(), &st) != 0) {
        *error = QStringLiteral("cannot read %1: %2")
                     .arg(QString::fromLocal8Bit(path), errnoText(errno));
        return false;
    }
    archive_entry *entry = archive_entry_new();
    archive_entry_copy_stat(entry, &st);
    archive_entry_set_pathname_utf8(entry, rel.toUtf8().constData());
    archive_entry_set_uid(entry, 0);
    archive_entry_set_gid(entry, 0);
    archive_entry_set_uname(entry, "");
    archive_entry_set_gname(entry, "");
    archive_entry_set_nlink(entry, 1); // hard links are sent as separate files
    if (S_ISLNK(st.st_mode)) {
        QByteArray target(PATH_MAX, Qt::Uninitialized);
        const ssize_t n = ::readlink(path.constData(), target.data(), size_t(target.size()));
        target.truncate(n > 0 ? n : 0);
        archive_entry_set_symlink(entry, target.constData());
        archive_entry_set_size(entry, 0);
    } else if (S_ISREG(st.st_mode)) {
        m_fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            archive_entry_free(entry);
            *error = QStringLiteral("cannot open %1: %2")
                         .arg(QString::fromLocal8Bit(path), errnoText(errno));
            return false;
        }
        ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        m_fileLeft = st.st_size;
    } else {
        archive_entry_set_size(entry, 0);
    }
    const int rc = archive_write_header(m_archive, entry);
    archive_entry_free(entry);
    if (rc != ARCHIVE_OK) {
        *error = QStringLiteral("tar: %1").arg(QString::fromUtf8(archive_error_string(m_archive)));
        return false;
    }
    return true;
}

void BuildContextTar::openArchive()
{
    m_archive = archive_write_new();
    archive_write_set_format_pax_restricted(m_archive);
    // No blocking: every write reaches onWrite at once with libarchive's own pointer, which
    // for file data is the caller's buffer (see read()); tar's 512-byte padding stays.
    archive_write_set_bytes_per_block(m_archive, 0);
    archive_write_open2(m_archive, this, nullptr, &BuildContextTar::onWrite, nullptr, nullptr);
}

// Adds the next piece: a header, file data straight into the caller's buffer, or the end.
bool BuildContextTar::produce(QString *error)
{
    if (m_fd >= 0) {
        // The header's size is what counts: a file that grew is cut there, one that shrank
        // is padded with zeros by libarchive so the stream stays well-formed.
        char *at = m_dst + m_dstLen;
        const qint64 want = qMin(m_dstMax - m_dstLen, m_fileLeft);
        const ssize_t n = want > 0 ? ::read(m_fd, at, size_t(want)) : 0;
        if (n < 0) {
            if (errno == EINTR)
                return true;
            *error = QStringLiteral("reading the build context failed: %1").arg(errnoText(errno));
            return false;
        }
        if (n > 0) {
            m_fileLeft -= n;
            if (archive_write_data(m_archive, at, size_t(n)) < 0) {
                *error = QStringLiteral("tar: %1")
                             .arg(QString::fromUtf8(archive_error_string(m_archive)));
                return false;
            }
            if (m_fileLeft > 0)
                return true;
        }
        ::close(m_fd);
        m_fd = -1;
        archive_write_finish_entry(m_archive);
        return true;
    }
    if (m_next < m_entries.size())
        return writeHeader(m_entries.at(m_next++), error);
    archive_write_close(m_archive);
    m_closed = true;
    return true;
}

qint64 BuildContextTar::read(char *buffer, qint64 max, QString *error)
{
    if (!m_archive)
        openArchive();
    // Leftovers of an earlier call come first.
    qint64 n = qMin<qint64>(max, m_out.size() - m_outPos);
    memcpy(buffer, m_out.constData() + m_outPos, size_t(n));
    m_outPos += n;
    if (m_outPos == m_out.size()) {
        m_out.resize(0); // keeps the capacity
        m_outPos = 0;
    }
    // Then the stream is produced into `buffer` itself; onWrite spills into m_out only what
    // does not fit, and production stops as soon as anything had to spill.
    m_dst = buffer;
    m_dstLen = n;
    m_dstMax = max;
    bool ok = true;
    while (ok && m_dstLen < max && m_out.isEmpty() && !m_closed)
        ok = produce(error);
    n = m_dstLen;
    m_dst = nullptr;
    m_dstLen = m_dstMax = 0;
    return ok ? n : -1;
}

} // namespace pw::core
