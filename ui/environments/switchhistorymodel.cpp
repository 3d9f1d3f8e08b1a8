#include "switchhistorymodel.h"

#include <QColor>
#include <QDateTime>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace pw::ui {

namespace {

QColor outcomeColour(const QString &outcome)
{
    if (outcome == QLatin1String("ok"))
        return {0x27, 0xae, 0x60};
    if (outcome == QLatin1String("refused"))
        return {0xf2, 0x99, 0x1e};
    return {0xd6, 0x45, 0x41};
}

QIcon outcomeIcon(const QString &outcome)
{
    QPixmap pm(20, 20);
    pm.setDevicePixelRatio(2);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(outcomeColour(outcome));
    p.drawEllipse(QRectF(1, 1, 8, 8));
    return QIcon(pm);
}

QString shortCommit(const QString &commit)
{
    return commit.size() > 12 ? commit.left(8) : commit;
}

} // namespace

SwitchHistoryModel::SwitchHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void SwitchHistoryModel::setRecords(const QList<core::SwitchRecord> &records)
{
    beginResetModel();
    m_records = records;
    endResetModel();
}

int SwitchHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int SwitchHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SwitchHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return {};
    const core::SwitchRecord &r = m_records.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case When:
            return QDateTime::fromMSecsSinceEpoch(r.at).toString(
                QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case Who:
            return r.runId ? tr("%1 (run #%2)").arg(r.actor).arg(r.runId) : r.actor;
        case Action:
            return r.action;
        case Traffic:
            if (r.fromColour.isEmpty() && r.toColour.isEmpty())
                return QString();
            return QStringLiteral("%1 → %2")
                .arg(r.fromColour.isEmpty() ? QStringLiteral("—") : r.fromColour,
                     r.toColour.isEmpty() ? QStringLiteral("—") : r.toColour);
        case Commit:
            return shortCommit(r.commit);
        case Outcome:
            return r.outcome;
        case Message:
            return r.message;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Commit:
            return r.image.isEmpty() ? r.commit : tr("%1\n%2").arg(r.commit, r.image);
        case Message:
            return r.message;
        case When:
            return QDateTime::fromMSecsSinceEpoch(r.at).toString(Qt::ISODateWithMs);
        }
    } else if (role == Qt::DecorationRole && index.column() == Outcome) {
        return outcomeIcon(r.outcome);
    } else if (role == Qt::ForegroundRole && index.column() == Outcome && r.outcome != u"ok") {
        return outcomeColour(r.outcome).darker(120);
    }
    return {};
}

QVariant SwitchHistoryModel::headerData(int section, Qt::Orientation orientation,
                                        int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When: return tr("When");
    case Who: return tr("Who");
    case Action: return tr("Action");
    case Traffic: return tr("From → to");
    case Commit: return tr("Commit");
    case Outcome: return tr("Outcome");
    case Message: return tr("Message");
    }
    return {};
}

} // namespace pw::ui
