#include "bluegreencontroller.h"

#include "smokecheck.h"

#include "core/store/runstore.h"

#include <QDir>
#include <QTimer>

#include <thread>

namespace pw::core {

BlueGreenController::BlueGreenController(KubeConnection connection, QObject *parent)
    : QObject(parent),
      m_connection(std::move(connection)),
      m_actor(qEnvironmentVariable("USER", QStringLiteral("pipewright"))),
      m_task(this)
{
}

BlueGreenController::~BlueGreenController()
{
    // A smoke container handed from promote() to a verify() that never ran; removed off
    // this (possibly the GUI) thread.
    if (!m_smokeContainer.isEmpty()) {
        std::thread([id = m_smokeContainer] {
            SmokeCheck orphan({}, {}, nullptr);
            orphan.adopt(id);
        }).detach();
    }
}

BlueGreenOperations::Say BlueGreenController::sayer(const KubeBackgroundTask::Handle &h)
{
    return [this, h](const QString &line) { h.post([this, line] { emit progress(line); }); };
}

quint64 BlueGreenController::run(Operation operation, const EnvironmentSpec &env, Work work)
{
    m_environment = env;
    const quint64 id = ++m_lastId;
    if (isBusy()) {
        // A rollback must not wait for a verification window to run out, and an abort stops
        // whatever runs: the running work is cancelled, and the new operation starts once
        // that worker has really stopped (it may be inside a request), so two workers never
        // write to the environment at once.
        const bool takesOver =
            (operation == Operation::Rollback && m_operation == Operation::Verify)
            || (operation == Operation::Abort && m_operation != Operation::Recover);
        if (takesOver && m_stoppingId == 0) {
            const Operation stopped = m_operation;
            const quint64 stoppedId = m_currentId;
            m_stoppingId = stoppedId;
            m_takeOver = operation;
            m_task.cancel(); // a result not posted yet is dropped
            emit progress(QStringLiteral("stopping the %1 for the %2")
                              .arg(operationName(stopped), operationName(operation)));
            whenWorkerStopped([this, stopped, stoppedId, operation, id,
                               work = std::move(work)]() mutable {
                m_stoppingId = 0;
                m_takeOver = Operation::None;
                // Busy with the new operation already while the stopped one is reported, so
                // whoever hears of the stop sees who took over.
                m_operation = operation;
                m_currentId = id;
                if (m_lastDelivered != stoppedId)
                    emit finished(stopped, false,
                                  QStringLiteral("%1 stopped: %2 asked for")
                                      .arg(operationName(stopped), operationName(operation)),
                                  stoppedId);
                startWorker(operation, id, std::move(work));
            });
            return id;
        }
        // Posted, so the caller always hears back after its call returned.
        QTimer::singleShot(0, this, [this, operation, id] {
            emit finished(operation, false,
                          QStringLiteral("refused: another operation on this environment is "
                                         "still running"),
                          id);
        });
        return id;
    }
    m_operation = operation;
    m_currentId = id;
    startWorker(operation, id, std::move(work));
    return id;
}

void BlueGreenController::startWorker(Operation operation, quint64 id, Work work)
{
    auto active = std::make_shared<std::atomic<bool>>(true);
    m_workerActive = active;
    m_task.start([this, operation, id, active, work = std::move(work)](
                     const KubeBackgroundTask::Handle &h) {
        const Outcome o = work(h);
        // Posted first: a cancelled task drops the post, and a stop polls `active`.
        h.post([this, operation, id, o] { deliver(operation, id, o); });
        active->store(false);
    });
}

void BlueGreenController::deliver(Operation operation, quint64 id, const Outcome &o)
{
    if (id != m_currentId)
        return; // its stop was reported already
    // Posted just before a cancel or a take-over reached it: the result stands (the switch
    // may have landed) and the stop is not reported on top of it.
    m_lastDelivered = id;
    if (m_stoppingId == id && m_takeOver == Operation::None) {
        m_stoppingId = 0; // the cancel is over
        m_operation = Operation::None;
    } else if (m_stoppingId == id) {
        m_operation = m_takeOver; // starts once the stopped worker has returned
    } else {
        m_operation = Operation::None;
    }
    m_status = o.status;
    if (operation == Operation::Promote)
        m_smokeContainer = o.smokeContainer;
    record(o);
    emit finished(operation, o.ok, o.message, id);
}

void BlueGreenController::whenWorkerStopped(std::function<void()> then)
{
    auto *poll = new QTimer(this);
    poll->setInterval(20);
    connect(poll, &QTimer::timeout, this,
            [poll, active = m_workerActive, then = std::move(then)]() mutable {
                if (active && active->load())
                    return;
                poll->stop();
                poll->deleteLater();
                then();
            });
    poll->start();
}

QString BlueGreenController::operationName(Operation operation)
{
    switch (operation) {
    case Operation::None:
        return QStringLiteral("nothing");
    case Operation::Status:
        return QStringLiteral("status read");
    case Operation::DeployToIdle:
        return QStringLiteral("deploy");
    case Operation::Promote:
        return QStringLiteral("promote");
    case Operation::Verify:
        return QStringLiteral("verification");
    case Operation::Rollback:
        return QStringLiteral("rollback");
    case Operation::Abort:
        return QStringLiteral("abort");
    case Operation::ScaleDown:
        return QStringLiteral("scale-down");
    case Operation::Recover:
        return QStringLiteral("recovery");
    }
    return QString();
}

void BlueGreenController::record(const Outcome &o)
{
    if (!m_store || o.action.isEmpty() || o.outcome.isEmpty())
        return;
    SwitchRecord r;
    r.environment = m_environment.name;
    r.context = m_environment.context;
    r.kubeNamespace = m_environment.kubeNamespace;
    r.app = m_environment.app;
    r.actor = o.action == u"auto-rollback" ? m_actor + QStringLiteral(" (automatic)") : m_actor;
    r.action = o.action;
    r.fromColour = o.fromColour;
    r.toColour = o.toColour;
    r.commit = o.commit;
    r.image = o.image;
    r.outcome = o.outcome;
    r.message = o.message;
    r.runId = m_runId;
    m_store->recordSwitch(r);
}

quint64 BlueGreenController::status(const EnvironmentSpec &env)
{
    return run(Operation::Status, env,
               [c = m_connection, env](const KubeBackgroundTask::Handle &h) {
                   return BlueGreenOperations(c, h, env, {}, {}).status();
               });
}

quint64 BlueGreenController::deployToIdle(const EnvironmentSpec &env, const QString &image,
                                          const QString &commit)
{
    const QString baseDir = m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir;
    return run(Operation::DeployToIdle, env,
               [this, c = m_connection, env, image, commit, baseDir, actor = m_actor,
                timeout = m_rolloutTimeoutMs](const KubeBackgroundTask::Handle &h) {
                   return BlueGreenOperations(c, h, env, actor, sayer(h))
                       .deployToIdle(image, commit, baseDir, timeout);
               });
}

quint64 BlueGreenController::promote(const EnvironmentSpec &env, const QString &basis)
{
    return run(Operation::Promote, env,
               [this, c = m_connection, env, basis, actor = m_actor](
                   const KubeBackgroundTask::Handle &h) {
                   return BlueGreenOperations(c, h, env, actor, sayer(h)).promote(basis);
               });
}

quint64 BlueGreenController::verify(const EnvironmentSpec &env)
{
    // Only a verify that really starts takes the container over; a refused one leaves it.
    const QString container = isBusy() ? QString() : std::exchange(m_smokeContainer, QString());
    return run(Operation::Verify, env,
               [this, c = m_connection, env, container, actor = m_actor](
                   const KubeBackgroundTask::Handle &h) {
                   // The SmokeCheck adopts the container and removes it however the window
                   // ends, cancelled included (a rollback, an abort, the owner going away).
                   return BlueGreenOperations(c, h, env, actor, sayer(h)).verify(container);
               });
}

quint64 BlueGreenController::rollback(const EnvironmentSpec &env, const QString &basis)
{
    return run(Operation::Rollback, env,
               [this, c = m_connection, env, basis, actor = m_actor,
                timeout = m_rolloutTimeoutMs](const KubeBackgroundTask::Handle &h) {
                   return BlueGreenOperations(c, h, env, actor, sayer(h)).rollback(basis, timeout);
               });
}

quint64 BlueGreenController::abort(const EnvironmentSpec &env)
{
    return run(Operation::Abort, env,
               [this, c = m_connection, env, actor = m_actor](const KubeBackgroundTask::Handle &h) {
                   // A smoke container handed from promote() to a verify() that was stopped or
                   // never ran: the abort ends it. (verify() removes its own when it stops.)
                   QString error;
                   SmokeCheck::removeOrphans(env, true, &error);
                   return BlueGreenOperations(c, h, env, actor, sayer(h)).abort();
               });
}

quint64 BlueGreenController::scaleDownIfDue(const EnvironmentSpec &env)
{
    return run(Operation::ScaleDown, env,
               [c = m_connection, env](const KubeBackgroundTask::Handle &h) {
                   return BlueGreenOperations(c, h, env, {}, {}).scaleDownIfDue();
               });
}

quint64 BlueGreenController::recover(const EnvironmentSpec &env)
{
    return run(Operation::Recover, env,
               [this, c = m_connection, env, actor = m_actor](const KubeBackgroundTask::Handle &h) {
                   return BlueGreenOperations(c, h, env, actor, sayer(h)).recover();
               });
}

void BlueGreenController::cancel()
{
    if (!isBusy() || m_stoppingId != 0)
        return;
    // Not idle until the worker has really stopped: it may be inside a request.
    const Operation stopped = m_operation;
    const quint64 stoppedId = m_currentId;
    m_stoppingId = stoppedId;
    m_takeOver = Operation::None;
    m_task.cancel();
    whenWorkerStopped([this, stopped, stoppedId] {
        if (m_stoppingId != stoppedId)
            return; // its result came first and ended the cancel
        m_stoppingId = 0;
        m_operation = Operation::None;
        m_currentId = 0; // a result still on its way is dropped: the stop is reported
        emit finished(stopped, false, QStringLiteral("%1 cancelled").arg(operationName(stopped)),
                      stoppedId);
    });
}

} // namespace pw::core
