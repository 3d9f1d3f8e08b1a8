#include "workspacecopier.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QThread>

namespace pw::core {

WorkspaceCopier::WorkspaceCopier(QObject *parent)
    : QObject(parent)
{
}

WorkspaceCopier::~WorkspaceCopier()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool WorkspaceCopier::copyTree(const QString &from, const QString &to,
                               const QStringList &excluded, QString *error)
{
    const QDir source(from);
    if (!source.exists()) {
        *error = QStringLiteral("the project directory %1 does not exist").arg(from);
        return false;
    }
    if (!QDir().mkpath(to)) {
        *error = QStringLiteral("cannot create the workspace %1").arg(to);
        return false;
    }
    const QString target = QFileInfo(to).absoluteFilePath();
    QDirIterator it(from, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        const QString rel = source.relativeFilePath(path);
        if (rel == u".git" || rel.startsWith(u".git/"))
            continue;
        const QString abs = info.absoluteFilePath();
        bool skip = abs == target || abs.startsWith(target + u'/');
        for (const QString &e : excluded)
            skip = skip || abs == e || abs.startsWith(e + u'/');
        if (skip)
            continue;
        const QString dest = to + u'/' + rel;
        if (info.isSymLink()) {
            QFile::link(info.symLinkTarget(), dest);
        } else if (info.isDir()) {
            if (!QDir().mkpath(dest)) {
                *error = QStringLiteral("cannot create %1").arg(dest);
                return false;
            }
        } else if (info.isFile()) {
            QDir().mkpath(QFileInfo(dest).absolutePath());
            QFile file(path);
            if (!file.copy(dest)) {
                *error = QStringLiteral("cannot copy %1 to the workspace: %2")
                             .arg(path, file.errorString());
                return false;
            }
        }
    }
    return true;
}

void WorkspaceCopier::start(const QString &from, const QString &to, const QStringList &excluded)
{
    auto result = std::make_shared<std::pair<bool, QString>>();
    m_thread = QThread::create([from, to, excluded, result] {
        result->first = copyTree(from, to, excluded, &result->second);
    });
    connect(m_thread, &QThread::finished, this,
            [this, result] { emit finished(result->first, result->second); });
    m_thread->start();
}

} // namespace pw::core
