#pragma once

#include "core/engine/outputchunk.h"
#include "core/engine/runstatus.h"

#include <QObject>
#include <QPointer>

namespace pw::core {

class LogBuffer;
class RunEngine;

// Puts together the whole log of one run for the log viewer: each step's bytes between
// Pipewright's group markers (##pw[stage ID], ##pw[step NAME], ##pw[end STATUS]), first what
// the steps already wrote to their log files, then live output as the engine reports it.
// Owned by the view showing the run; the buffer it hands out is replaced on each setRun().
class RunLogAssembler : public QObject
{
    Q_OBJECT

public:
    explicit RunLogAssembler(RunEngine *engine, QObject *parent = nullptr);
    ~RunLogAssembler() override;

    void setRun(qint64 runId); // 0: none
    qint64 runId() const { return m_runId; }
    LogBuffer *buffer() const { return m_buffer; }

signals:
    void bufferChanged(pw::core::LogBuffer *buffer);

private:
    void onOutput(qint64 runId, const QString &stageId, int stepIndex, const OutputChunks &chunks);
    void onStepFinished(qint64 runId, const QString &stageId, int stepIndex, StepStatus status);
    void onRunFinished(qint64 runId, RunStatus status);
    void beginStep(const QString &stageId, int stepIndex, const QString &name, qint64 timeMs);
    void endStep(StepStatus status, qint64 timeMs);
    void appendLine(const QByteArray &line, qint64 timeMs);
    QString stepName(const QString &stageId, int stepIndex) const;

    RunEngine *m_engine;
    QPointer<LogBuffer> m_buffer;
    qint64 m_runId = 0;
    QString m_stage;        // the stage whose group is open
    int m_step = -1;        // the step whose group is open, -1: none
    bool m_atLineStart = true;
};

} // namespace pw::core
