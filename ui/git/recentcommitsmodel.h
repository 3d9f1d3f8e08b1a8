#pragma once

#include "core/git/gitcommitinfo.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace pw::ui {

// The rows of RecentCommitsView: one commit each, newest first, with the run status the
// application reports for it (empty when it has none). Owned by the view; changes only
// through its own setters.
class RecentCommitsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { HashColumn, MessageColumn, AuthorColumn, TimeColumn, StatusColumn,
                  ColumnCount };
    enum Role { OidRole = Qt::UserRole + 1 };

    explicit RecentCommitsModel(QObject *parent = nullptr);

    void setCommits(const QList<pw::core::GitCommitInfo> &commits);
    // status: a RunStatus name ("queued", "running", "succeeded", "failed", ...) or empty.
    void setRunStatus(const QString &oid, const QString &status);
    QString runStatus(const QString &oid) const { return m_status.value(oid); }
    pw::core::GitCommitInfo commitAt(int row) const { return m_commits.value(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<pw::core::GitCommitInfo> m_commits;
    QHash<QString, QString> m_status;
};

} // namespace pw::ui
