#pragma once

#include "core/engine/outputchunk.h"

#include <QPlainTextEdit>
#include <QTimer>

namespace pw::core {
class RunEngine;
}

namespace pw::ui {

// Plain-text log of one run: what its steps already wrote to their log files, then the live
// output as the engine delivers it. Output is buffered and appended on a short timer so a
// step printing fast costs one repaint per batch, not per line. The full log viewer (search,
// colours, millions of lines) is a separate, later widget.
class RunLogView : public QPlainTextEdit
{
    Q_OBJECT

public:
    static constexpr int FlushIntervalMs = 40;

    explicit RunLogView(core::RunEngine *engine, QWidget *parent = nullptr);

    void setRun(qint64 runId); // 0: none

private:
    void onOutput(qint64 runId, const QString &stageId, int stepIndex,
                  const pw::core::OutputChunks &chunks);
    void appendHeader(const QString &stageId, int stepIndex);
    void flush();

    core::RunEngine *m_engine;
    qint64 m_runId = 0;
    QString m_lastStage;
    int m_lastStep = -1;
    QString m_pending;
    QTimer m_flushTimer;
};

} // namespace pw::ui
