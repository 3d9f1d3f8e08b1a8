#include "shellsteprunner.h"

#include "processgroup.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QStandardPaths>

#include <csignal>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace pw::core {

namespace {

// Where the shell is, looked up again only when PATH changes: a lookup stats every PATH
// entry, a noticeable part of starting a short step.
QString findShell(const QString &name)
{
    thread_local QString cachedFor;
    thread_local QHash<QString, QString> found;
    const QString path = qEnvironmentVariable("PATH");
    if (path != cachedFor) {
        found.clear();
        cachedFor = path;
    }
    auto it = found.constFind(name);
    if (it == found.cend())
        it = found.insert(name, QStandardPaths::findExecutable(name));
    return *it;
}

// The step supervisor (core/engine/stepshim): $PIPEWRIGHT_STEP_SHIM, next to the running
// executable, in the installed libexec folder, or in the build tree this was built in.
QString findStepShim()
{
    static const QString found = [] {
        const QString name = QStringLiteral("pipewright-step-shim");
        QStringList candidates{qEnvironmentVariable("PIPEWRIGHT_STEP_SHIM")};
        if (QCoreApplication::instance())
            candidates << QCoreApplication::applicationDirPath() + u'/' + name;
        candidates << QStringLiteral(PW_STEP_SHIM_INSTALLED) << QStringLiteral(PW_STEP_SHIM_BUILD);
        for (const QString &candidate : candidates) {
            if (!candidate.isEmpty() && QFileInfo(candidate).isExecutable())
                return candidate;
        }
        return QString();
    }();
    return found;
}

} // namespace

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
    // In the child between vfork and exec (Pipewright waits for the exec meanwhile):
    // - no controlling terminal: a step opening /dev/tty (a password prompt) fails at once
    //   instead of being stopped by SIGTTIN as a background group;
    // - its own process group: cancel, timeouts and the end of the step reach every process
    //   it started (kill(-pgid)), and the terminal's Ctrl-C, sent to the foreground group,
    //   reaches only Pipewright, which then ends each group itself. Not a new session
    //   (setsid): with autogroup scheduling a session gets a scheduling group of its own,
    //   and moving the child there stalled it (and the waiting Pipewright) for milliseconds
    //   per step on a busy machine.
    // - PDEATHSIG: if Pipewright itself is killed (SIGKILL leaves no chance to clean up), the
    //   step's supervisor gets SIGTERM and ends the step's whole process tree, children that
    //   left the group included (see core/engine/stepshim/main.cpp).
    m_process.setChildProcessModifier([] {
        const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (tty >= 0) {
            ::ioctl(tty, TIOCNOTTY);
            ::close(tty);
        }
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
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
    const QString bash = wantSh ? QString() : findShell(QStringLiteral("bash"));
    if (!bash.isEmpty()) {
        program = bash;
        args = {QStringLiteral("-eo"), QStringLiteral("pipefail"), QStringLiteral("-c"),
                m_command};
    } else {
        program = findShell(QStringLiteral("sh"));
        args = {QStringLiteral("-e"), QStringLiteral("-c"), m_command};
    }
    // Every host step runs under the supervisor: its whole process tree ends with the step,
    // or with Pipewright. A build without it (a broken install) says so instead of leaving
    // orphans behind silently.
    const QString shim = findStepShim();
    if (shim.isEmpty()) {
        m_done = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                emit finished(false, -1,
                              QStringLiteral("the step supervisor pipewright-step-shim is "
                                             "missing (looked next to the executable and in %1; "
                                             "reinstall Pipewright or set "
                                             "PIPEWRIGHT_STEP_SHIM)")
                                  .arg(QFileInfo(QStringLiteral(PW_STEP_SHIM_INSTALLED)).path()));
            },
            Qt::QueuedConnection);
        return;
    }
    args.prepend(program);
    args.prepend(QString::number(m_killGraceMs));
    args.prepend(QString::number(QCoreApplication::applicationPid()));
    m_process.start(shim, args);
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
