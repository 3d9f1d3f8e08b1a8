#pragma once

#include <QString>
#include <QTimer>
#include <QWidget>

class QLabel;

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
    // Scrolls to the stage's section of the log (unfolding it): at once, or as soon as the
    // run's log has been read. False if the run's log is there and has no such stage.
    bool showStage(const QString &stageId);
    // The run's log files are still being read (a finished run's, off the GUI thread).
    bool isLoading() const;
    QLabel *loadingLabel() const { return m_loadingLabel; }
    LogViewer *viewer() const { return m_viewer; }
    // The log as plain lines (markers and escape sequences included), for tests and copying.
    QString toPlainText() const;

private:
    bool scrollToStage(const QString &stageId);

    core::RunLogAssembler *m_assembler;
    LogViewer *m_viewer;
    QLabel *m_loadingLabel;
    QTimer m_loadingDelay; // a log read in a blink shows no "reading" line
    QString m_pendingStage;
};

} // namespace pw::ui
