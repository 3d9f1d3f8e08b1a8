#pragma once

#include "core/git/gitcommitinfo.h"

#include <QList>
#include <QObject>

namespace pw::ui {

// Reads a branch's recent commits on the worker thread RecentCommitsView moves it to, so a
// big repository never stalls the GUI. Answers with loaded(); one request at a time.
class RecentCommitsLoader : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

public slots:
    // branch empty: the checked-out branch (or HEAD when detached).
    void load(const QString &repoPath, const QString &branch, int limit, int generation);

signals:
    void loaded(const QList<pw::core::GitCommitInfo> &commits, const QString &branch,
                const QString &error, int generation);
};

} // namespace pw::ui
