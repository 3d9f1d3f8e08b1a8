#pragma once

#include "dockerignore.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

struct archive;

namespace pw::core {

// A build context as a tar stream, produced piece by piece straight from disk as the HTTP
// client pulls it, so a context of any size costs only a few buffers of memory. The walk
// follows `docker build`: .dockerignore applies (excluded directories are not entered
// unless an exception names a path inside them), the Dockerfile and .dockerignore are always
// sent, symlinks are stored as links, owners are 0:0.
class BuildContextTar
{
public:
    BuildContextTar(const QString &contextDir, const QString &dockerfile);
    ~BuildContextTar();
    BuildContextTar(const BuildContextTar &) = delete;
    BuildContextTar &operator=(const BuildContextTar &) = delete;

    // Reads .dockerignore and lists the files to send. False with a message on error.
    bool scan(QString *error);
    // Paths that will be sent, relative to the context (directories end with '/').
    const QStringList &entries() const { return m_entries; }
    qint64 contentBytes() const { return m_contentBytes; }

    // Fills up to `max` bytes of tar; 0 at the end, -1 on error (message in *error). File
    // data is read from disk straight into `buffer`, without a copy of our own.
    qint64 read(char *buffer, qint64 max, QString *error);

private:
    static long onWrite(archive *, void *self, const void *data, size_t size);
    void openArchive();
    void walk(const QString &relDir);
    bool produce(QString *error);
    bool writeHeader(const QString &rel, QString *error);

    QString m_contextDir;
    QString m_dockerfile;
    DockerIgnore m_ignore;
    QStringList m_entries;
    qint64 m_contentBytes = 0;

    archive *m_archive = nullptr;
    qsizetype m_next = 0;
    int m_fd = -1;
    qint64 m_fileLeft = 0; // bytes of the current file still to send, as its header says
    QByteArray m_out;      // produced bytes that did not fit in the caller's buffer
    qsizetype m_outPos = 0;
    char *m_dst = nullptr; // the caller's buffer during read()
    qint64 m_dstLen = 0;
    qint64 m_dstMax = 0;
    bool m_closed = false;
};

} // namespace pw::core
