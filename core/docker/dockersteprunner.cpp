#include "dockersteprunner.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QUuid>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fcntl.h>

namespace pw::core {

namespace {

// One TCP connection attempt with a short timeout: is something accepting there?
bool tcpAccepts(const QString &ip, int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    ::inet_pton(AF_INET, ip.toLatin1().constData(), &addr.sin_addr);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
    if (!ok && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, 500) == 1) {
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            ok = err == 0;
        }
    }
    ::close(fd);
    return ok;
}

} // namespace

DockerStepRunner::DockerStepRunner(const DockerStepContext &context, QObject *parent)
    : StepRunner(parent), m_context(context)
{
}

DockerStepRunner::~DockerStepRunner()
{
    stopWorker();
}

void DockerStepRunner::stopWorker()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

void DockerStepRunner::start()
{
    if (m_started)
        return;
    m_started = true;
    m_thread = std::thread([this] {
        DockerClient client(m_context.endpoint);
        client.setCancelFlag(&m_cancel);
        // A DOCKER_HOST that does not parse fails the step; no default engine stands in.
        Outcome o = m_context.hostError.isEmpty() ? work(client)
                                                  : Outcome{false, -1, m_context.hostError};
        if (m_cancel && !o.ok && o.message.isEmpty())
            o.message = QStringLiteral("cancelled");
        // Queued after every output signal emitted so far, so receivers see them first.
        QMetaObject::invokeMethod(this, [this, o] { emit finished(o.ok, o.exitCode, o.message); },
                                  Qt::QueuedConnection);
    });
}

void DockerStepRunner::cancel()
{
    m_cancel = true;
}

void DockerStepRunner::logLine(const QString &line)
{
    emit output(OutputStream::Stdout, line.toUtf8() + '\n');
}

void DockerStepRunner::systemLine(const QString &line)
{
    emit output(OutputStream::System, line.toUtf8() + '\n');
}

DockerStepRunner::Outcome DockerStepRunner::clientFailure(const DockerClient &client) const
{
    if (m_cancel || client.lastError() == HttpError::Cancelled)
        return {false, -1, QStringLiteral("cancelled")};
    return {false, -1, client.errorMessage()};
}

QString DockerStepRunner::containerName() const
{
    return m_context.namePrefix + QLatin1Char('-')
        + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

QString DockerStepRunner::userSpec() const
{
    // Files the step writes into the bind-mounted workspace then belong to the user, not
    // to root. Root runs keep the image's user.
    const uid_t uid = ::getuid();
    return uid == 0 ? QString() : QStringLiteral("%1:%2").arg(uid).arg(::getgid());
}

DockerStepRunner::Outcome DockerStepRunner::runContainer(DockerClient &client,
                                                         DockerContainerSpec spec, bool detach)
{
    if (spec.name.isEmpty())
        spec.name = containerName();
    for (auto it = m_context.labels.begin(); it != m_context.labels.end(); ++it)
        spec.labels.insert(it.key(), it.value());
    spec.labels.insert(QStringLiteral("pipewright.managed"), QStringLiteral("true"));
    if (detach)
        spec.labels.insert(QStringLiteral("pipewright.service"), spec.name);
    QString id;
    if (!client.createContainer(spec, &id))
        return clientFailure(client);
    // Clean-up must work even when the step was cancelled: a client without the flag.
    const auto removeIt = [this, &id] {
        DockerClient cleaner(m_context.endpoint);
        cleaner.killContainer(id);
        cleaner.removeContainer(id, true);
    };
    if (!client.startContainer(id)) {
        const Outcome o = clientFailure(client);
        removeIt();
        return o;
    }
    if (detach) {
        QString message;
        if (!waitUntilReady(client, id, spec.ports, &message)) {
            removeIt();
            return {false, -1, message};
        }
        systemLine(QStringLiteral("service %1 is ready").arg(spec.name));
        return {true, 0, QStringLiteral("service %1 running").arg(spec.name)};
    }
    const bool followed = client.followLogs(id, [this](int stream, const QByteArray &data) {
        emit output(stream == 2 ? OutputStream::Stderr : OutputStream::Stdout, data);
    });
    if (!followed || m_cancel) {
        const Outcome o = m_cancel ? Outcome{false, -1, QStringLiteral("cancelled")}
                                   : clientFailure(client);
        removeIt();
        return o;
    }
    int exitCode = -1;
    const bool waited = client.waitContainer(id, &exitCode);
    const QString failure = exitCode == 0 ? QString()
                                          : QStringLiteral("exit code %1").arg(exitCode);
    const Outcome o = waited ? Outcome{exitCode == 0, exitCode, failure} : clientFailure(client);
    removeIt();
    return o;
}

bool DockerStepRunner::waitUntilReady(DockerClient &client, const QString &id,
                                      const QStringList &ports, QString *message)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_cancel) {
        QJsonObject c;
        if (!client.inspectContainer(id, &c)) {
            *message = client.errorMessage();
            return false;
        }
        const QJsonObject state = c.value(QStringLiteral("State")).toObject();
        if (!state.value(QStringLiteral("Running")).toBool()) {
            *message = QStringLiteral("service container exited with code %1 before it was "
                                      "ready")
                           .arg(state.value(QStringLiteral("ExitCode")).toInt());
            return false;
        }
        // A HEALTHCHECK in the image decides; otherwise every published port must accept.
        // The container's own address is probed: docker-proxy on the host port accepts
        // connections even while nothing listens inside.
        const QString health = state.value(QStringLiteral("Health")).toObject()
                                   .value(QStringLiteral("Status")).toString();
        bool ready = health.isEmpty() || health == QStringLiteral("healthy");
        const QString ip = c.value(QStringLiteral("NetworkSettings")).toObject()
                               .value(QStringLiteral("IPAddress")).toString();
        for (const QString &p : ports) {
            const QString target = p.section(QLatin1Char(':'), 1).section(QLatin1Char('/'), 0, 0);
            const QString hostPort = p.section(QLatin1Char(':'), 0, 0);
            const bool up = ip.isEmpty()
                ? tcpAccepts(QStringLiteral("127.0.0.1"), hostPort.toInt())
                : tcpAccepts(ip, target.toInt());
            ready = ready && up;
        }
        if (ready)
            return true;
        if (timer.elapsed() > m_context.readinessTimeoutMs) {
            *message = QStringLiteral("service not ready after %1 s (ports %2)")
                           .arg(m_context.readinessTimeoutMs / 1000)
                           .arg(ports.join(u", "));
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    *message = QStringLiteral("cancelled");
    return false;
}

} // namespace pw::core
