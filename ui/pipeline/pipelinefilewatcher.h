#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class QFileSystemWatcher;

namespace pw::ui {

// Tells the pipeline document when its file may have changed on disk. Many editors (vim,
// and QSaveFile itself) save by writing a new file and renaming it over the old one; the
// inotify watch of the old file then ends, so the folder is watched too and the file is
// watched again as soon as it reappears. Bursts of events (a write in several pieces) fold
// into one changed() after a short pause. It never reads the file: the document does that
// off the GUI thread. Owned by the PipelineDocument.
class PipelineFileWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr int SettleMs = 150;

    explicit PipelineFileWatcher(QObject *parent = nullptr);

    // Watches path (empty: nothing).
    void setPath(const QString &path);
    QString path() const { return m_path; }
    // After the document wrote the file itself: watch the new inode.
    void rewatch();

signals:
    void changed();

private:
    void onFileChanged();
    void onDirectoryChanged();
    void watchFile();

    QFileSystemWatcher *m_watcher;
    QTimer m_settle;
    QString m_path;
    QString m_dir;
};

} // namespace pw::ui
