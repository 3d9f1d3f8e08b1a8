#include "runlistmodel.h"

#include "ui/app/statuspalette.h"

#include "core/engine/runengine.h"
#include "core/store/runstore.h"

#include <QDateTime>
#include <QFileInfo>

namespace pw::ui {

RunListModel::RunListModel(core::RunEngine *engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
{
    using core::RunEngine;
    connect(engine, &RunEngine::runQueued, this, &RunListModel::refreshRun);
    connect(engine, &RunEngine::runStarted, this, &RunListModel::refreshRun);
    connect(engine, &RunEngine::runStatusChanged, this,
            [this](qint64 runId) { refreshRun(runId); });
    connect(engine, &RunEngine::runFinished, this,
            [this](qint64 runId) { refreshRun(runId); });
    reload();
}

void RunListModel::reload()
{
    beginResetModel();
    m_runs = m_engine->store()->isOpen() ? m_engine->store()->runs(500) : QList<core::RunRecord>{};
    endResetModel();
}

int RunListModel::rowOf(qint64 runId) const
{
    for (int i = 0; i < m_runs.size(); ++i) {
        if (m_runs[i].id == runId)
            return i;
    }
    return -1;
}

void RunListModel::refreshRun(qint64 runId)
{
    const std::optional<core::RunRecord> record = m_engine->store()->run(runId);
    if (!record)
        return;
    core::RunRecord updated = *record;
    // The engine knows an active run's state before the store row catches up.
    updated.status = m_engine->runStatus(runId);
    const int row = rowOf(runId);
    if (row < 0) {
        beginInsertRows({}, 0, 0); // ids grow, so a new run is the newest
        m_runs.prepend(updated);
        endInsertRows();
        return;
    }
    m_runs[row] = updated;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RunListModel::tick()
{
    for (int row = 0; row < m_runs.size(); ++row) {
        if (m_runs[row].startedAt > 0 && !core::isFinished(m_runs[row].status))
            emit dataChanged(index(row, DurationColumn), index(row, DurationColumn));
    }
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunListModel::formatElapsed(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < 60)
        return QStringLiteral("%1.%2 s").arg(seconds).arg((ms % 1000) / 100);
    if (seconds < 3600)
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const core::RunRecord &run = m_runs.at(index.row());
    if (role == RunIdRole)
        return run.id;
    if (role == Qt::DecorationRole && index.column() == StatusColumn)
        return StatusPalette::icon(run.status);
    if (role == Qt::ToolTipRole && !run.message.isEmpty())
        return run.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return QStringLiteral("#%1").arg(run.id);
    case StatusColumn:
        return core::toString(run.status);
    case TriggerColumn:
        return run.trigger;
    case CommitColumn: {
        const QString commit = run.commit.left(8);
        if (run.branch.isEmpty())
            return commit.isEmpty() ? tr("working tree") : commit;
        return commit.isEmpty() ? run.branch : commit + QStringLiteral(" (") + run.branch
                + QLatin1Char(')');
    }
    case DurationColumn: {
        if (run.startedAt <= 0)
            return QString();
        const qint64 end = run.finishedAt > 0 ? run.finishedAt
                                              : QDateTime::currentMSecsSinceEpoch();
        return formatElapsed(qMax<qint64>(0, end - run.startedAt));
    }
    case PipelineColumn:
        return run.pipelineName.isEmpty() ? QFileInfo(run.pipelineFile).fileName()
                                          : run.pipelineName;
    }
    return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("Run");
    case StatusColumn: return tr("Status");
    case TriggerColumn: return tr("Trigger");
    case CommitColumn: return tr("Commit");
    case DurationColumn: return tr("Duration");
    case PipelineColumn: return tr("Pipeline");
    }
    return {};
}

} // namespace pw::ui
