#include "runlogassembler.h"

#include "logbuffer.h"

#include "core/engine/runengine.h"
#include "core/engine/steplogreader.h"
#include "core/store/runstore.h"

#include <QDateTime>
#include <QThread>

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

RunLogAssembler::~RunLogAssembler()
{
    if (m_loading)
        m_loading->store(true);
}

namespace {

// Puts what the steps wrote to their log files into `writer`'s buffer. False if `cancelled`
// was seen (checked between steps and every 64 Ki lines).
bool readSteps(RunLogAssembler::Writer &writer, const RunRecord &run,
               const QList<StepRecord> &steps, const std::atomic<bool> *cancelled)
{
    const auto stop = [cancelled] { return cancelled && cancelled->load(); };
    if (run.startedAt > 0)
        writer.buffer->setStartTime(run.startedAt);
    for (const StepRecord &step : steps) {
        if (stop())
            return false;
        if (step.logPath.isEmpty())
            continue;
        const QByteArray bytes = StepLogReader::readAll(step.logPath);
        const QList<StepLogReader::Line> lines = StepLogReader::readIndex(step.logPath);
        writer.beginStep(step.stageId, step.stepIndex, step.name, step.startedAt);
        for (int i = 0; i < lines.size(); ++i) {
            if ((i & 0xffff) == 0xffff && stop())
                return false;
            const qint64 begin = lines[i].offset;
            const qint64 end = i + 1 < lines.size() ? lines[i + 1].offset : bytes.size();
            if (begin < end && end <= bytes.size())
                writer.buffer->append(QByteArrayView(bytes).sliced(begin, end - begin),
                                      lines[i].stream, lines[i].timestampMs);
        }
        if (lines.isEmpty() && !bytes.isEmpty())
            writer.buffer->append(bytes, OutputStream::Stdout, step.startedAt);
        writer.atLineStart = bytes.isEmpty() || bytes.endsWith('\n');
        if (isFinished(step.status))
            writer.endStep(step.status, step.finishedAt);
    }
    if (run.id > 0 && isFinished(run.status))
        writer.buffer->finish(run.status == RunStatus::Failed);
    return true;
}

} // namespace

void RunLogAssembler::setRun(qint64 runId)
{
    if (m_loading) {
        m_loading->store(true);
        m_loading.reset();
    }
    delete m_buffer;
    m_runId = runId;
    m_writer = Writer{};

    RunRecord run;
    QList<StepRecord> steps;
    if (runId > 0 && m_engine->store() && m_engine->store()->isOpen()) {
        run = m_engine->store()->run(runId).value_or(RunRecord{});
        steps = m_engine->store()->steps(runId);
    }
    if (run.id > 0 && isFinished(run.status)) {
        startLoading(run, steps);
        return;
    }
    // Steps already under way or done wrote to disk; the live signals add the rest.
    m_buffer = new LogBuffer(this);
    m_writer.buffer = m_buffer;
    readSteps(m_writer, run, steps, nullptr);
    emit bufferChanged(m_buffer);
}

void RunLogAssembler::startLoading(const RunRecord &run, const QList<StepRecord> &steps)
{
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    m_loading = cancelled;
    // Built on the worker, then handed to this thread; freed here if it is no longer wanted.
    auto result = std::make_shared<std::unique_ptr<LogBuffer>>();
    QThread *target = thread();
    QThread *worker = QThread::create([run, steps, cancelled, result, target] {
        auto buffer = std::make_unique<LogBuffer>();
        Writer writer;
        writer.buffer = buffer.get();
        if (!readSteps(writer, run, steps, cancelled.get()))
            return;
        buffer->moveToThread(target);
        *result = std::move(buffer);
    });
    worker->setObjectName(QStringLiteral("run log %1").arg(run.id));
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, cancelled, result] {
        if (m_loading != cancelled || !*result)
            return; // superseded by another setRun()
        m_loading.reset();
        m_buffer = result->release();
        m_buffer->setParent(this);
        emit bufferChanged(m_buffer);
    });
    worker->start();
}

void RunLogAssembler::onOutput(qint64 runId, const QString &stageId, int stepIndex,
                               const OutputChunks &chunks)
{
    if (runId != m_runId || !m_buffer)
        return;
    if (stageId != m_writer.stage || stepIndex != m_writer.step)
        m_writer.beginStep(stageId, stepIndex, stepName(stageId, stepIndex), -1);
    for (const OutputChunk &chunk : chunks) {
        m_buffer->append(chunk.data, chunk.stream);
        if (!chunk.data.isEmpty())
            m_writer.atLineStart = chunk.data.endsWith('\n');
    }
}

void RunLogAssembler::onStepFinished(qint64 runId, const QString &stageId, int stepIndex,
                                     StepStatus status)
{
    if (runId != m_runId || !m_buffer)
        return;
    // A step that printed nothing still gets its group, so the log lists every step.
    if (stageId != m_writer.stage || stepIndex != m_writer.step)
        m_writer.beginStep(stageId, stepIndex, stepName(stageId, stepIndex), -1);
    m_writer.endStep(status, -1);
}

void RunLogAssembler::onRunFinished(qint64 runId, RunStatus status)
{
    if (runId == m_runId && m_buffer)
        m_buffer->finish(status == RunStatus::Failed);
}

void RunLogAssembler::Writer::beginStep(const QString &stageId, int stepIndex,
                                        const QString &name, qint64 timeMs)
{
    if (step >= 0)
        endStep(StepStatus::Running, timeMs);
    if (stageId != stage) {
        appendLine("##pw[stage " + stageId.toUtf8() + "]", timeMs);
        stage = stageId;
    }
    appendLine("##pw[step " + name.toUtf8() + "]", timeMs);
    step = stepIndex;
}

void RunLogAssembler::Writer::endStep(StepStatus status, qint64 timeMs)
{
    if (step < 0)
        return;
    appendLine("##pw[end " + endWord(status) + "]", timeMs);
    step = -1;
}

void RunLogAssembler::Writer::appendLine(const QByteArray &line, qint64 timeMs)
{
    QByteArray text;
    if (!atLineStart)
        text += '\n'; // a step's last line without a newline must not swallow the marker
    text += line + '\n';
    buffer->append(text, OutputStream::Stdout, timeMs > 0 ? timeMs : -1);
    atLineStart = true;
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
