#pragma once

#include "core/store/runrecords.h"

#include <QAbstractTableModel>
#include <QList>

namespace pw::ui {

// An environment's blue/green history (RunStore::switches, newest first) as a table: when,
// who, what, from → to, commit, outcome and the controller's message. Owned by the
// EnvironmentPanel, which hands it fresh records after every operation and status change.
class SwitchHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { When, Who, Action, Traffic, Commit, Outcome, Message, ColumnCount };

    explicit SwitchHistoryModel(QObject *parent = nullptr);

    void setRecords(const QList<core::SwitchRecord> &records);
    const QList<core::SwitchRecord> &records() const { return m_records; }
    const core::SwitchRecord &record(int row) const { return m_records.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<core::SwitchRecord> m_records;
};

} // namespace pw::ui
