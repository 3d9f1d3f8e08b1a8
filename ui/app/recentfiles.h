#pragma once

#include <QObject>
#include <QStringList>

namespace pw::ui {

// The most-recently-opened pipeline files, newest first, persisted in QSettings so the list
// survives restarts. Owned by the main window; the Open Recent menu observes it.
class RecentFiles : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxEntries = 10;

    explicit RecentFiles(QObject *parent = nullptr);

    QStringList files() const { return m_files; }
    void add(const QString &path);
    void remove(const QString &path);
    void clear();

signals:
    void changed();

private:
    void store();

    QStringList m_files;
};

} // namespace pw::ui
