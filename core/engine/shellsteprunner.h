#pragma once

#include "core/run/steprunner.h"

#include <QProcess>
#include <QProcessEnvironment>

namespace pw::core {

// Runs a `run` step: `bash -eo pipefail -c COMMAND` (or `sh -e -c` without bash) through an
// asynchronous QProcess with stdin closed and no controlling terminal, in its own process
// group so that cancel, timeouts and the end of the step reach every process it started.
class ShellStepRunner : public StepRunner
{
    Q_OBJECT

public:
    ShellStepRunner(const QString &command, const QString &shell, const QString &workingDir,
                    const QProcessEnvironment &env, int killGraceMs, QObject *parent = nullptr);
    ~ShellStepRunner() override;

    void start() override;
    void cancel() override;
    qint64 processId() const { return m_pid; }

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);

    QProcess m_process;
    QString m_command;
    QString m_shell;
    qint64 m_pid = 0;
    int m_killGraceMs = 5000;
    bool m_cancelled = false;
    bool m_done = false;
};

} // namespace pw::core
