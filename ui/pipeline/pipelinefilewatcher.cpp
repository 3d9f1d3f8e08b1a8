#include "pipelinefilewatcher.h"

#include <QFileInfo>
#include <QFileSystemWatcher>

namespace pw::ui {

PipelineFileWatcher::PipelineFileWatcher(QObject *parent)
    : QObject(parent)
    , m_watcher(new QFileSystemWatcher(this))
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(SettleMs);
    connect(&m_settle, &QTimer::timeout, this, &PipelineFileWatcher::changed);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &PipelineFileWatcher::onFileChanged);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this,
            &PipelineFileWatcher::onDirectoryChanged);
}

void PipelineFileWatcher::setPath(const QString &path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (absolute == m_path)
        return;
    m_settle.stop();
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_path = absolute;
    m_dir = absolute.isEmpty() ? QString() : QFileInfo(absolute).absolutePath();
    if (m_path.isEmpty())
        return;
    m_watcher->addPath(m_dir);
    watchFile();
}

void PipelineFileWatcher::rewatch()
{
    watchFile();
}

void PipelineFileWatcher::watchFile()
{
    if (m_path.isEmpty() || m_watcher->files().contains(m_path))
        return;
    if (QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
}

void PipelineFileWatcher::onFileChanged()
{
    // A rename over the file ends the watch of the old one: watch what is there now (the
    // folder's event covers a file that reappears only later).
    watchFile();
    m_settle.start();
}

void PipelineFileWatcher::onDirectoryChanged()
{
    // Only the file's own (re)appearance matters here; its writes arrive as fileChanged.
    if (m_path.isEmpty() || m_watcher->files().contains(m_path) || !QFileInfo::exists(m_path))
        return;
    watchFile();
    m_settle.start();
}

} // namespace pw::ui
