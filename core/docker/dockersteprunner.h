#pragma once

#include "dockerclient.h"
#include "dockerstepcontext.h"
#include "core/run/steprunner.h"

#include <atomic>
#include <thread>

namespace pw::core {

// The common part of the Docker step runners: the Engine API calls block, so work() runs on
// a thread of its own and reports through the StepRunner signals (queued to the receivers'
// thread). cancel() sets a flag that aborts the running request; containers this step
// created are killed and removed on every path, so none is left behind.
class DockerStepRunner : public StepRunner
{
    Q_OBJECT

public:
    explicit DockerStepRunner(const DockerStepContext &context, QObject *parent = nullptr);
    ~DockerStepRunner() override; // cancels and waits for the worker thread

    void start() override;
    void cancel() override;

protected:
    struct Outcome
    {
        bool ok = false;
        int exitCode = -1;
        QString message;
    };

    // Runs on the worker thread; the client carries the cancel flag.
    virtual Outcome work(DockerClient &client) = 0;

    void logLine(const QString &line); // a line of Docker's own output (stdout)
    void systemLine(const QString &line);
    bool isCancelled() const { return m_cancel.load(); }
    const DockerStepContext &context() const { return m_context; }
    Outcome clientFailure(const DockerClient &client) const;
    // Cancels and joins the worker: every subclass calls it first in its destructor, since
    // work() uses the subclass's members.
    void stopWorker();

    // create → start → follow logs → wait → remove; the workspace mount, env and user are
    // the caller's to put into `spec`. With detach the container is left running after
    // its published ports answer (a service for later stages).
    Outcome runContainer(DockerClient &client, DockerContainerSpec spec, bool detach = false);
    QString containerName() const;
    QString userSpec() const; // "uid:gid" of the invoking user, empty for root

private:
    bool waitUntilReady(DockerClient &client, const QString &id, const QStringList &ports,
                        QString *message);

    DockerStepContext m_context;
    std::atomic<bool> m_cancel{false};
    std::thread m_thread;
    bool m_started = false;
};

} // namespace pw::core
