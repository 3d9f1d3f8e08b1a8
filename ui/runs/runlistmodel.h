#pragma once

#include "core/store/runrecords.h"

#include <QAbstractTableModel>

namespace pw::core {
class RunEngine;
}

namespace pw::ui {

// The run history as a table, newest first: status, trigger, commit, duration. Reads the
// engine's store and follows the engine's signals, so runs appear and change live. Changes
// only through its own methods; owned by the Runs area.
class RunListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, StatusColumn, TriggerColumn, CommitColumn, DurationColumn,
                  PipelineColumn, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1 };

    explicit RunListModel(core::RunEngine *engine, QObject *parent = nullptr);

    void reload();
    int rowOf(qint64 runId) const;
    const core::RunRecord &record(int row) const { return m_runs.at(row); }
    // Re-reads one run from the store (inserting it when new) and announces the change.
    void refreshRun(qint64 runId);
    // Durations of runs still going grow with the clock; the area calls this every second.
    void tick();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString formatElapsed(qint64 ms);

private:
    core::RunEngine *m_engine;
    QList<core::RunRecord> m_runs;
};

} // namespace pw::ui
