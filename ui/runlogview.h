#pragma once

#include <QWidget>

namespace pw::core {
class LogBuffer;
class RunEngine;
class RunLogAssembler;
} // namespace pw::core

namespace pw::ui {

class LogViewer;

// The log of the selected run in the Runs area: the full log viewer (colours, groups per
// stage and step, search, follow) over the run's combined log, which core's RunLogAssembler
// builds from the step log files and the engine's live output.
class RunLogView : public QWidget
{
    Q_OBJECT

public:
    explicit RunLogView(core::RunEngine *engine, QWidget *parent = nullptr);

    void setRun(qint64 runId); // 0: none
    // Scrolls to the stage's section of the log (unfolding it); false if the run has none.
    bool showStage(const QString &stageId);
    LogViewer *viewer() const { return m_viewer; }
    // The log as plain lines (markers and escape sequences included), for tests and copying.
    QString toPlainText() const;

private:
    core::RunLogAssembler *m_assembler;
    LogViewer *m_viewer;
};

} // namespace pw::ui
