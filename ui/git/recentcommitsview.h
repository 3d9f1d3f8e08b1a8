#pragma once

#include "core/git/gitcommitinfo.h"
#include "core/pipeline/pipeline.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QThread;
class QTreeView;

namespace pw::ui {

class RecentCommitsLoader;
class RecentCommitsModel;

// The project's recent commits: hash, message, author, time and the run status of each,
// the push-trigger settings above them and "Run this commit" below. Commits are read on a
// worker thread; the view only shows them and asks for a run through runCommitRequested —
// the application decides what a run is (CommitTrigger::requestFor + RunEngine::enqueue).
class RecentCommitsView : public QWidget
{
    Q_OBJECT

public:
    explicit RecentCommitsView(QWidget *parent = nullptr);
    ~RecentCommitsView() override;

    // branch empty: the checked-out branch. Loads asynchronously; loaded() when done.
    void setRepository(const QString &repoPath, const QString &branch = QString(),
                       int limit = 200);
    void reload();
    void setTriggerSettings(const pw::core::TriggerSpec &triggers);
    void setRunStatus(const QString &oid, const QString &status);

    RecentCommitsModel *model() const { return m_model; }
    QTreeView *treeView() const { return m_tree; }
    QString selectedCommit() const;
    QString errorString() const { return m_error; }

signals:
    void runCommitRequested(const QString &oid);
    void loaded();
    void requestLoad(const QString &repoPath, const QString &branch, int limit,
                     int generation);

private:
    void onLoaded(const QList<pw::core::GitCommitInfo> &commits, const QString &branch,
                  const QString &error, int generation);
    void updateButton();

    RecentCommitsModel *m_model = nullptr;
    QTreeView *m_tree = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_triggers = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_runButton = nullptr;
    QThread *m_thread = nullptr;
    RecentCommitsLoader *m_loader = nullptr;
    QString m_repoPath;
    QString m_branch;
    QString m_error;
    int m_limit = 200;
    int m_generation = 0;
};

} // namespace pw::ui
