#pragma once

#include "core/run/outputchunk.h"
#include "core/run/runstatus.h"
#include "core/store/runrecords.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>

namespace pw::core {

class LogBuffer;
class RunEngine;

// Puts together the whole log of one run for the log viewer: each step's bytes between
// Pipewright's group markers (##pw[stage ID], ##pw[step NAME], ##pw[end STATUS]), first what
// the steps already wrote to their log files, then live output as the engine reports it.
// A finished run's files are read and parsed on a worker thread, so opening a run with a
// large log never stalls the GUI: bufferChanged() then follows setRun() once it is ready
// (a run asked for meanwhile supersedes it). A run still going is read at once, since its
// live output must follow exactly what was on disk.
// Owned by the view showing the run; the buffer it hands out is replaced on each setRun().
class RunLogAssembler : public QObject
{
    Q_OBJECT

public:
    explicit RunLogAssembler(RunEngine *engine, QObject *parent = nullptr);
    ~RunLogAssembler() override;

    void setRun(qint64 runId); // 0: none
    qint64 runId() const { return m_runId; }
    // Null until the run's log is ready (and for run 0).
    LogBuffer *buffer() const { return m_buffer; }
    // The run's files are still being read.
    bool isLoading() const { return m_loading != nullptr; }

    // Appends a step's group and bytes to a buffer, closing the previous step's group.
    struct Writer
    {
        LogBuffer *buffer = nullptr;
        QString stage; // the stage whose group is open
        int step = -1; // the step whose group is open, -1: none
        bool atLineStart = true;
        void beginStep(const QString &stageId, int stepIndex, const QString &name,
                       qint64 timeMs);
        void endStep(StepStatus status, qint64 timeMs);
        void appendLine(const QByteArray &line, qint64 timeMs);
    };

signals:
    // The run's log (null for run 0); live output keeps being appended to it.
    void bufferChanged(pw::core::LogBuffer *buffer);

private:
    void onOutput(qint64 runId, const QString &stageId, int stepIndex, const OutputChunks &chunks);
    void onStepFinished(qint64 runId, const QString &stageId, int stepIndex, StepStatus status);
    void onRunFinished(qint64 runId, RunStatus status);
    QString stepName(const QString &stageId, int stepIndex) const;
    void startLoading(const RunRecord &run, const QList<StepRecord> &steps);

    RunEngine *m_engine;
    QPointer<LogBuffer> m_buffer;
    qint64 m_runId = 0;
    Writer m_writer;
    // The finished run's load under way: its worker sees `cancelled` once superseded.
    std::shared_ptr<std::atomic<bool>> m_loading;
};

} // namespace pw::core
