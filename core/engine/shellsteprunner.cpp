#include "shellsteprunner.h"

#include "processgroup.h"

#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace pw::core {

ShellStepRunner::ShellStepRunner(const QString &command, const QString &shell,
                                 const QString &workingDir, const QProcessEnvironment &env,
                                 int killGraceMs, QObject *parent)
    : StepRunner(parent)
    , m_process(this)
    , m_command(command)
    , m_shell(shell)
    , m_killGraceMs(killGraceMs)
{
    m_process.setWorkingDirectory(workingDir);
    m_process.setProcessEnvironment(env);
    m_process.setStandardInputFile(QProcess::nullDevice());
    // A new session makes the shell a process-group leader detached from our terminal:
    // Ctrl-C in the terminal reaches only Pipewright, which then ends each group itself.
    // PDEATHSIG: if Pipewright itself is killed (SIGKILL leaves no chance to clean up), the
    // shell goes with it instead of running on unobserved.
    m_process.setChildProcessModifier([] {
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { emit output(OutputStream::Stdout, m_process.readAllStandardOutput()); });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { emit output(OutputStream::Stderr, m_process.readAllStandardError()); });
    connect(&m_process, &QProcess::finished, this, &ShellStepRunner::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &ShellStepRunner::onError);
}

ShellStepRunner::~ShellStepRunner()
{
    if (m_process.state() != QProcess::NotRunning) {
        // Teardown while running (the engine is being destroyed): no time for grace.
        m_process.disconnect(this);
        ProcessGroup::kill(pid_t(m_pid));
        m_process.waitForFinished(2000);
    }
}

void ShellStepRunner::start()
{
    QString program;
    QStringList args;
    const bool wantSh = m_shell == u"sh";
    const QString bash = wantSh ? QString() : QStandardPaths::findExecutable(QStringLiteral("bash"));
    if (!bash.isEmpty()) {
        program = bash;
        args = {QStringLiteral("-eo"), QStringLiteral("pipefail"), QStringLiteral("-c"),
                m_command};
    } else {
        program = QStandardPaths::findExecutable(QStringLiteral("sh"));
        args = {QStringLiteral("-e"), QStringLiteral("-c"), m_command};
    }
    m_process.start(program, args);
    m_pid = m_process.processId();
}

void ShellStepRunner::cancel()
{
    if (m_done || m_process.state() == QProcess::NotRunning)
        return;
    m_cancelled = true;
    ProcessGroup::terminate(pid_t(m_pid), m_killGraceMs);
}

void ShellStepRunner::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_done)
        return;
    m_done = true;
    const QByteArray out = m_process.readAllStandardOutput();
    if (!out.isEmpty())
        emit output(OutputStream::Stdout, out);
    const QByteArray err = m_process.readAllStandardError();
    if (!err.isEmpty())
        emit output(OutputStream::Stderr, err);
    // Background jobs the step left behind end with it.
    ProcessGroup::terminate(pid_t(m_pid), m_killGraceMs);

    if (status == QProcess::CrashExit) {
        emit finished(false, -1,
                      m_cancelled ? QStringLiteral("terminated")
                                  : QStringLiteral("the shell was killed by a signal"));
        return;
    }
    QString message;
    if (exitCode == 127)
        message = QStringLiteral("exit code 127: command not found");
    else if (exitCode != 0)
        message = QStringLiteral("exit code %1").arg(exitCode);
    emit finished(exitCode == 0 && !m_cancelled, exitCode, message);
}

void ShellStepRunner::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_done)
        return;
    m_done = true;
    emit finished(false, -1,
                  QStringLiteral("cannot start %1: %2")
                      .arg(m_process.program(), m_process.errorString()));
}

} // namespace pw::core
