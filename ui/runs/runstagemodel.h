#pragma once

#include "core/store/runrecords.h"

#include <QAbstractTableModel>

namespace pw::core {
class RunEngine;
}

namespace pw::ui {

// The stages of the run selected in the Runs area, with their live status and duration.
// Follows the engine's stage signals for that run only. Owned by the Runs area.
class RunStageModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { StageColumn, StatusColumn, DurationColumn, ColumnCount };

    explicit RunStageModel(core::RunEngine *engine, QObject *parent = nullptr);

    void setRun(qint64 runId); // 0: none
    qint64 runId() const { return m_runId; }
    void refresh();
    const core::StageRecord &record(int row) const { return m_stages.at(row); }
    // The first stage waiting for a decision, or an empty id.
    QString stageAwaitingApproval() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    core::RunEngine *m_engine;
    qint64 m_runId = 0;
    QList<core::StageRecord> m_stages;
};

} // namespace pw::ui
