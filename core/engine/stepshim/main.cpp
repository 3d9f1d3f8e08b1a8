// pipewright-step-shim: the supervisor between Pipewright and a host step's shell.
//
//   pipewright-step-shim PARENT_PID GRACE_MS PROGRAM [ARGS...]
//
// A step's processes must end when the step ends or when the Pipewright process that runs it
// dies, SIGKILL included. A process group kill (the engine's) reaches what stays in the
// step's group, but not a child that moved to a group or session of its own (setsid,
// daemons), and nothing of Pipewright runs after a SIGKILL. So each step runs under this
// small program: it is a child subreaper (PR_SET_CHILD_SUBREAPER), so every descendant that is
// orphaned becomes its child and stays in reach, and it asks the kernel for SIGTERM when its
// parent dies (PR_SET_PDEATHSIG). When the step's program exits, or on SIGTERM/SIGINT/SIGHUP
// (a cancel, or Pipewright gone), it sends SIGTERM to every descendant, waits GRACE_MS, sends
// SIGKILL to what is left, reaps everything, and exits with the program's status (the same
// exit code, or the same signal). A subreaper rather than a cgroup per step: it needs no
// cgroup delegation (a desktop session as a normal user rarely has one), and it still runs
// when Pipewright is gone. Plain POSIX and Linux calls only; no Qt.

#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace {

// The pids whose parent chain leads to `root`, read from /proc.
std::vector<pid_t> descendantsOf(pid_t root)
{
    std::vector<std::pair<pid_t, pid_t>> all; // pid, ppid
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return {};
    while (dirent *entry = ::readdir(proc)) {
        char *end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0')
            continue;
        char path[64];
        std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        char buf[512];
        const ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ')'
        // ends it.
        const char *close = std::strrchr(buf, ')');
        if (!close)
            continue;
        char state = 0;
        long ppid = 0;
        if (std::sscanf(close + 1, " %c %ld", &state, &ppid) != 2 || state == 'Z')
            continue;
        all.emplace_back(pid_t(pid), pid_t(ppid));
    }
    ::closedir(proc);
    std::vector<pid_t> found{root};
    for (size_t i = 0; i < found.size(); ++i) {
        for (const auto &[pid, ppid] : all) {
            if (ppid == found[i])
                found.push_back(pid);
        }
    }
    found.erase(found.begin());
    return found;
}

void reapAll(pid_t main, int *mainStatus, bool *mainDone)
{
    for (;;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0)
            return;
        if (pid == main) {
            *mainStatus = status;
            *mainDone = true;
        }
    }
}

void signalAll(int sig)
{
    for (const pid_t pid : descendantsOf(::getpid()))
        ::kill(pid, sig);
}

// SIGTERM to every descendant, up to graceMs for them to go, then SIGKILL until none is left.
void endDescendants(int graceMs, pid_t main, int *mainStatus, bool *mainDone)
{
    signalAll(SIGTERM);
    timespec start{};
    ::clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        reapAll(main, mainStatus, mainDone);
        if (descendantsOf(::getpid()).empty())
            return;
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        const long elapsedMs =
            (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (elapsedMs >= graceMs)
            break;
        const timespec pause{0, 20 * 1000 * 1000};
        ::nanosleep(&pause, nullptr);
    }
    // Killed processes' orphans become ours in turn: repeat until nothing is left.
    for (int round = 0; round < 1000; ++round) {
        signalAll(SIGKILL);
        reapAll(main, mainStatus, mainDone);
        if (descendantsOf(::getpid()).empty())
            return;
        const timespec pause{0, 5 * 1000 * 1000};
        ::nanosleep(&pause, nullptr);
    }
}

[[noreturn]] void exitLike(int status)
{
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        std::signal(sig, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
        ::kill(::getpid(), sig);
    }
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + SIGKILL);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: pipewright-step-shim PARENT_PID GRACE_MS PROGRAM [ARGS...]\n");
        return 125;
    }
    const pid_t parent = pid_t(std::atol(argv[1]));
    const int graceMs = std::atoi(argv[2]);

    sigset_t handled;
    sigemptyset(&handled);
    for (const int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP})
        sigaddset(&handled, sig);
    sigset_t previous;
    ::sigprocmask(SIG_BLOCK, &handled, &previous);
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    // Pipewright may have died before the line above: then nothing would ever tell us.
    const bool orphaned = ::getppid() != parent;

    int mainStatus = 0;
    bool mainDone = false;
    const pid_t main = orphaned ? -1 : ::fork();
    if (main == 0) {
        ::prctl(PR_SET_PDEATHSIG, 0);
        ::sigprocmask(SIG_SETMASK, &previous, nullptr);
        ::execvp(argv[3], argv + 3);
        std::fprintf(stderr, "pipewright-step-shim: cannot run %s: %s\n", argv[3],
                     std::strerror(errno));
        ::_exit(errno == ENOENT ? 127 : 126);
    }
    if (main < 0) {
        if (!orphaned)
            std::fprintf(stderr, "pipewright-step-shim: fork: %s\n", std::strerror(errno));
        return 125;
    }

    bool stopping = false;
    while (!mainDone) {
        siginfo_t info{};
        if (::sigwaitinfo(&handled, &info) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (info.si_signo == SIGCHLD) {
            reapAll(main, &mainStatus, &mainDone);
        } else {
            stopping = true; // a cancel, or Pipewright is gone
            break;
        }
    }
    if (stopping) {
        endDescendants(graceMs, main, &mainStatus, &mainDone);
        if (!mainDone)
            mainStatus = SIGKILL; // as if killed
        exitLike(mainStatus);
    }
    // The step's program ended: whatever it left behind ends with it.
    endDescendants(graceMs, main, &mainStatus, &mainDone);
    exitLike(mainStatus);
}
