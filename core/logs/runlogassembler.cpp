#include "runlogassembler.h"

#include "logbuffer.h"

#include "core/engine/runengine.h"
#include "core/engine/steplogreader.h"
#include "core/store/runstore.h"

#include <QDateTime>

namespace pw::core {

namespace {
QByteArray endWord(StepStatus status)
{
    switch (status) {
    case StepStatus::Succeeded:
        return QByteArrayLiteral("succeeded");
    case StepStatus::Failed:
        return QByteArrayLiteral("failed");
    case StepStatus::Cancelled:
        return QByteArrayLiteral("cancelled");
    default:
        return QByteArrayLiteral("ended");
    }
}
} // namespace

RunLogAssembler::RunLogAssembler(RunEngine *engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    connect(engine, &RunEngine::stepOutput, this, &RunLogAssembler::onOutput);
    connect(engine, &RunEngine::stepFinished, this,
            [this](qint64 runId, const QString &stageId, int stepIndex, StepStatus status, int) {
                onStepFinished(runId, stageId, stepIndex, status);
            });
    connect(engine, &RunEngine::runFinished, this, &RunLogAssembler::onRunFinished);
}

RunLogAssembler::~RunLogAssembler() = default;

void RunLogAssembler::setRun(qint64 runId)
{
    delete m_buffer;
    m_buffer = new LogBuffer(this);
    m_runId = runId;
    m_stage.clear();
    m_step = -1;
    m_atLineStart = true;

    if (runId > 0 && m_engine->store() && m_engine->store()->isOpen()) {
        const RunRecord run = m_engine->store()->run(runId).value_or(RunRecord{});
        if (run.startedAt > 0)
            m_buffer->setStartTime(run.startedAt);
        // Steps already under way or done wrote to disk; the live signals add the rest.
        for (const StepRecord &step : m_engine->store()->steps(runId)) {
            if (step.logPath.isEmpty())
                continue;
            const QByteArray bytes = StepLogReader::readAll(step.logPath);
            const QList<StepLogReader::Line> lines = StepLogReader::readIndex(step.logPath);
            beginStep(step.stageId, step.stepIndex, step.name, step.startedAt);
            for (int i = 0; i < lines.size(); ++i) {
                const qint64 begin = lines[i].offset;
                const qint64 end = i + 1 < lines.size() ? lines[i + 1].offset : bytes.size();
                if (begin < end && end <= bytes.size())
                    m_buffer->append(QByteArrayView(bytes).sliced(begin, end - begin),
                                     lines[i].stream, lines[i].timestampMs);
            }
            if (lines.isEmpty() && !bytes.isEmpty())
                m_buffer->append(bytes, OutputStream::Stdout, step.startedAt);
            m_atLineStart = bytes.isEmpty() || bytes.endsWith('\n');
            if (isFinished(step.status))
                endStep(step.status, step.finishedAt);
        }
        if (run.id > 0 && isFinished(run.status))
            m_buffer->finish(run.status == RunStatus::Failed);
    }
    emit bufferChanged(m_buffer);
}

void RunLogAssembler::onOutput(qint64 runId, const QString &stageId, int stepIndex,
                               const OutputChunks &chunks)
{
    if (runId != m_runId || !m_buffer)
        return;
    if (stageId != m_stage || stepIndex != m_step)
        beginStep(stageId, stepIndex, stepName(stageId, stepIndex), -1);
    for (const OutputChunk &chunk : chunks) {
        m_buffer->append(chunk.data, chunk.stream);
        if (!chunk.data.isEmpty())
            m_atLineStart = chunk.data.endsWith('\n');
    }
}

void RunLogAssembler::onStepFinished(qint64 runId, const QString &stageId, int stepIndex,
                                     StepStatus status)
{
    if (runId != m_runId || !m_buffer)
        return;
    // A step that printed nothing still gets its group, so the log lists every step.
    if (stageId != m_stage || stepIndex != m_step)
        beginStep(stageId, stepIndex, stepName(stageId, stepIndex), -1);
    endStep(status, -1);
}

void RunLogAssembler::onRunFinished(qint64 runId, RunStatus status)
{
    if (runId == m_runId && m_buffer)
        m_buffer->finish(status == RunStatus::Failed);
}

void RunLogAssembler::beginStep(const QString &stageId, int stepIndex, const QString &name,
                                qint64 timeMs)
{
    if (m_step >= 0)
        endStep(StepStatus::Running, timeMs);
    if (stageId != m_stage) {
        appendLine("##pw[stage " + stageId.toUtf8() + "]", timeMs);
        m_stage = stageId;
    }
    appendLine("##pw[step " + name.toUtf8() + "]", timeMs);
    m_step = stepIndex;
}

void RunLogAssembler::endStep(StepStatus status, qint64 timeMs)
{
    if (m_step < 0)
        return;
    appendLine("##pw[end " + endWord(status) + "]", timeMs);
    m_step = -1;
}

void RunLogAssembler::appendLine(const QByteArray &line, qint64 timeMs)
{
    QByteArray text;
    if (!m_atLineStart)
        text += '\n'; // a step's last line without a newline must not swallow the marker
    text += line + '\n';
    m_buffer->append(text, OutputStream::Stdout, timeMs > 0 ? timeMs : -1);
    m_atLineStart = true;
}

QString RunLogAssembler::stepName(const QString &stageId, int stepIndex) const
{
    if (m_engine->store() && m_engine->store()->isOpen()) {
        for (const StepRecord &step : m_engine->store()->steps(m_runId)) {
            if (step.stageId == stageId && step.stepIndex == stepIndex && !step.name.isEmpty())
                return step.name;
        }
    }
    return QStringLiteral("%1 #%2").arg(stageId).arg(stepIndex + 1);
}

} // namespace pw::core
