#include "processgroup.h"

#include <QDir>
#include <QFile>
#include <QTimer>

#include <cerrno>
#include <csignal>

namespace pw::core {

namespace {

// Members of a group whose leader was reaped may be zombies waiting for a reaper that never
// comes (the container's PID 1 may not reap): they hold no resources, so they do not count.
bool hasLiveMember(pid_t pgid)
{
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        entry.toInt(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const int close = text.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = text.mid(close + 2).split(' ');
        // fields[0] = state (field 3), fields[2] = pgrp (field 5).
        if (fields.size() > 2 && fields.at(2).toInt() == pgid && fields.at(0) != "Z")
            return true;
    }
    return false;
}

} // namespace

bool ProcessGroup::exists(pid_t pgid)
{
    if (pgid <= 0)
        return false;
    if (::kill(-pgid, 0) != 0 && errno == ESRCH)
        return false;
    return hasLiveMember(pgid);
}

void ProcessGroup::terminate(pid_t pgid, int graceMs)
{
    if (pgid <= 0)
        return;
    if (::kill(-pgid, SIGTERM) != 0)
        return; // nothing left
    // Some programs ignore SIGTERM; give the rest a moment to clean up, then SIGKILL.
    QTimer::singleShot(graceMs, [pgid] {
        if (::kill(-pgid, 0) == 0)
            ::kill(-pgid, SIGKILL);
    });
}

void ProcessGroup::kill(pid_t pgid)
{
    if (pgid > 0)
        ::kill(-pgid, SIGKILL);
}

} // namespace pw::core
