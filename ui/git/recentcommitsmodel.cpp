#include "recentcommitsmodel.h"

#include <QColor>
#include <QFontDatabase>

namespace pw::ui {

RecentCommitsModel::RecentCommitsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RecentCommitsModel::setCommits(const QList<pw::core::GitCommitInfo> &commits)
{
    beginResetModel();
    m_commits = commits;
    endResetModel();
}

void RecentCommitsModel::setRunStatus(const QString &oid, const QString &status)
{
    m_status.insert(oid, status);
    for (int row = 0; row < m_commits.size(); ++row) {
        if (m_commits.at(row).oid == oid) {
            const QModelIndex cell = index(row, StatusColumn);
            emit dataChanged(cell, cell);
        }
    }
}

int RecentCommitsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_commits.size());
}

int RecentCommitsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentCommitsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_commits.size())
        return {};
    const pw::core::GitCommitInfo &c = m_commits.at(index.row());
    if (role == OidRole)
        return c.oid;
    const QString status = m_status.value(c.oid);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case HashColumn:
            return c.oid.left(8);
        case MessageColumn:
            return c.summary();
        case AuthorColumn:
            return c.authorName;
        case TimeColumn:
            return c.committerTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        case StatusColumn:
            return status;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn)
            return c.message.trimmed();
        if (index.column() == HashColumn)
            return c.oid;
        if (index.column() == AuthorColumn)
            return QStringLiteral("%1 <%2>").arg(c.authorName, c.authorEmail);
        break;
    case Qt::FontRole:
        if (index.column() == HashColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn) {
            if (status == QLatin1String("succeeded"))
                return QColor(0x2e, 0x7d, 0x32);
            if (status == QLatin1String("failed") || status == QLatin1String("timed out"))
                return QColor(0xc6, 0x28, 0x28);
            if (status == QLatin1String("running") || status == QLatin1String("queued"))
                return QColor(0x15, 0x65, 0xc0);
        }
        if (index.column() == HashColumn || index.column() == TimeColumn)
            return QColor(0x60, 0x60, 0x60);
        break;
    default:
        break;
    }
    return {};
}

QVariant RecentCommitsModel::headerData(int section, Qt::Orientation orientation,
                                        int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case HashColumn:
        return tr("Commit");
    case MessageColumn:
        return tr("Message");
    case AuthorColumn:
        return tr("Author");
    case TimeColumn:
        return tr("Time");
    case StatusColumn:
        return tr("Run");
    }
    return {};
}

} // namespace pw::ui
