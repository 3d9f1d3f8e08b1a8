#pragma once

#include <sys/types.h>

namespace pw::core {

// Ending a step's whole process group: every step runs in its own group (setpgid), so
// kill(-pgid) reaches the shell and everything it started, background jobs included, while
// Pipewright itself is never hit. Stateless helpers.
class ProcessGroup
{
public:
    // True while any process of the group exists (zombies of reparented children count
    // as gone).
    static bool exists(pid_t pgid);
    // SIGTERM now, SIGKILL after graceMs to whatever is left. Returns at once; the SIGKILL
    // comes from a timer on the calling thread's event loop.
    static void terminate(pid_t pgid, int graceMs);
    static void kill(pid_t pgid); // SIGKILL now
};

} // namespace pw::core
