#include "runlogview.h"

#include "core/engine/runengine.h"
#include "core/engine/steplogreader.h"
#include "core/store/runstore.h"

#include <QFontDatabase>
#include <QScrollBar>

namespace pw::ui {

RunLogView::RunLogView(core::RunEngine *engine, QWidget *parent)
    : QPlainTextEdit(parent)
    , m_engine(engine)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setPlaceholderText(tr("Select a run to see its log."));
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &RunLogView::flush);
    connect(engine, &core::RunEngine::stepOutput, this, &RunLogView::onOutput);
}

void RunLogView::setRun(qint64 runId)
{
    m_runId = runId;
    m_lastStage.clear();
    m_lastStep = -1;
    m_pending.clear();
    m_flushTimer.stop();
    clear();
    if (runId <= 0 || !m_engine->store()->isOpen())
        return;
    // What was printed before the run was selected (or all of a finished run) is on disk.
    const QList<core::StepRecord> steps = m_engine->store()->steps(runId);
    for (const core::StepRecord &step : steps) {
        if (step.logPath.isEmpty())
            continue;
        const QByteArray bytes = core::StepLogReader::readAll(step.logPath);
        if (bytes.isEmpty())
            continue;
        appendHeader(step.stageId, step.stepIndex);
        m_pending += QString::fromUtf8(bytes);
    }
    flush();
}

void RunLogView::onOutput(qint64 runId, const QString &stageId, int stepIndex,
                          const core::OutputChunks &chunks)
{
    if (runId != m_runId)
        return;
    if (stageId != m_lastStage || stepIndex != m_lastStep)
        appendHeader(stageId, stepIndex);
    for (const core::OutputChunk &chunk : chunks)
        m_pending += QString::fromUtf8(chunk.data);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void RunLogView::appendHeader(const QString &stageId, int stepIndex)
{
    if (!m_pending.isEmpty() && !m_pending.endsWith(QLatin1Char('\n')))
        m_pending += QLatin1Char('\n');
    m_pending += QStringLiteral("──── %1 › step %2 ────\n").arg(stageId).arg(stepIndex + 1);
    m_lastStage = stageId;
    m_lastStep = stepIndex;
}

void RunLogView::flush()
{
    if (m_pending.isEmpty())
        return;
    // Follow the output only when the reader is already at the bottom.
    QScrollBar *bar = verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(m_pending);
    m_pending.clear();
    if (atEnd)
        bar->setValue(bar->maximum());
}

} // namespace pw::ui
