#include "runstagemodel.h"

#include "runlistmodel.h"
#include "ui/app/statuspalette.h"

#include "core/engine/runengine.h"
#include "core/store/runstore.h"

#include <QDateTime>

namespace pw::ui {

RunStageModel::RunStageModel(core::RunEngine *engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
{
    using core::RunEngine;
    const auto follow = [this](qint64 runId) {
        if (runId == m_runId)
            refresh();
    };
    connect(engine, &RunEngine::runStarted, this, follow);
    connect(engine, &RunEngine::stageStarted, this, follow);
    connect(engine, &RunEngine::stageFinished, this, follow);
    connect(engine, &RunEngine::approvalNeeded, this, follow);
    connect(engine, &RunEngine::runFinished, this, follow);
}

void RunStageModel::setRun(qint64 runId)
{
    m_runId = runId;
    refresh();
}

void RunStageModel::refresh()
{
    QList<core::StageRecord> stages;
    if (m_runId > 0 && m_engine->store()->isOpen())
        stages = m_engine->store()->stages(m_runId);
    std::sort(stages.begin(), stages.end(),
              [](const core::StageRecord &a, const core::StageRecord &b) {
                  return a.position < b.position;
              });
    for (core::StageRecord &stage : stages)
        stage.status = m_engine->stageStatus(m_runId, stage.stageId);

    const bool sameRows = stages.size() == m_stages.size()
        && std::equal(stages.cbegin(), stages.cend(), m_stages.cbegin(),
                      [](const core::StageRecord &a, const core::StageRecord &b) {
                          return a.stageId == b.stageId;
                      });
    if (sameRows) {
        // Keep the selection and scroll position while statuses change.
        m_stages = stages;
        if (!m_stages.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_stages.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_stages = stages;
    endResetModel();
}

QString RunStageModel::stageAwaitingApproval() const
{
    for (const core::StageRecord &stage : m_stages) {
        if (stage.status == core::StageStatus::AwaitingApproval)
            return stage.stageId;
    }
    return {};
}

int RunStageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_stages.size());
}

int RunStageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunStageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_stages.size())
        return {};
    const core::StageRecord &stage = m_stages.at(index.row());
    if (role == Qt::DecorationRole && index.column() == StatusColumn)
        return StatusPalette::icon(stage.status);
    if (role == Qt::ToolTipRole && !stage.message.isEmpty())
        return stage.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case StageColumn:
        return stage.name.isEmpty() ? stage.stageId : stage.name;
    case StatusColumn:
        return core::toString(stage.status);
    case DurationColumn: {
        if (stage.startedAt <= 0)
            return QString();
        const qint64 end = stage.finishedAt > 0 ? stage.finishedAt
                                                : QDateTime::currentMSecsSinceEpoch();
        return RunListModel::formatElapsed(qMax<qint64>(0, end - stage.startedAt));
    }
    }
    return {};
}

QVariant RunStageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StageColumn: return tr("Stage");
    case StatusColumn: return tr("Status");
    case DurationColumn: return tr("Duration");
    }
    return {};
}

} // namespace pw::ui
