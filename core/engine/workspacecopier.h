#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

namespace pw::core {

// Fills a run's workspace with a copy of the project directory on a worker thread, so a big
// project never stalls the GUI. Stands in for a git checkout of the run's commit until the
// git module supplies one. `.git` is not copied; symlinks are copied as links.
class WorkspaceCopier : public QObject
{
    Q_OBJECT

public:
    explicit WorkspaceCopier(QObject *parent = nullptr);
    ~WorkspaceCopier() override;

    // excluded: absolute paths not to copy (e.g. the runs directory inside the project).
    void start(const QString &from, const QString &to, const QStringList &excluded = {});

    // Synchronous copy, used by start() on its thread. False with *error on failure.
    static bool copyTree(const QString &from, const QString &to, const QStringList &excluded,
                         QString *error);

signals:
    void finished(bool ok, const QString &error);

private:
    class QThread *m_thread = nullptr;
};

} // namespace pw::core
