#include "recentfiles.h"

#include <QFileInfo>
#include <QSettings>

namespace pw::ui {

namespace {
const QString settingsKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QObject *parent)
    : QObject(parent)
{
    const QStringList stored = QSettings().value(settingsKey).toStringList();
    for (const QString &path : stored) {
        if (!path.isEmpty() && !m_files.contains(path) && m_files.size() < MaxEntries)
            m_files << path;
    }
}

void RecentFiles::add(const QString &path)
{
    // Absolute paths, so the same file opened from two working directories is one entry.
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_files.removeAll(absolute);
    m_files.prepend(absolute);
    while (m_files.size() > MaxEntries)
        m_files.removeLast();
    store();
}

void RecentFiles::remove(const QString &path)
{
    if (m_files.removeAll(path) > 0)
        store();
}

void RecentFiles::clear()
{
    if (m_files.isEmpty())
        return;
    m_files.clear();
    store();
}

void RecentFiles::store()
{
    QSettings().setValue(settingsKey, m_files);
    emit changed();
}

} // namespace pw::ui
