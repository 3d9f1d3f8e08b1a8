#include "smokecheck.h"

#include "core/docker/dockerclient.h"
#include "core/metrics/metricgate.h"
#include "core/http/httpclient.h"
#include "core/kube/kubeclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHostInfo>
#include <QJsonDocument>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <thread>
#include <unistd.h>

namespace pw::core {

namespace {

// Field 22 of /proc/PID/stat (start time in clock ticks since boot): with the pid it names a
// process uniquely, so a pid reused after a crash is not taken for the owner.
QString startTimeOf(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = f.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 19 ? QString::fromLatin1(fields.at(19)) : QString();
}

bool is2xx(int status) { return status >= 200 && status < 300; }

} // namespace

SmokeCheck::SmokeCheck(EnvironmentSpec env, KubeConnection connection,
                       const std::atomic<bool> *cancel)
    : m_env(std::move(env)), m_connection(std::move(connection)), m_cancel(cancel)
{
}

SmokeCheck::~SmokeCheck() { remove(); }

QString SmokeCheck::environmentKey(const EnvironmentSpec &env)
{
    return env.kubeNamespace + u'.' + env.name;
}

QString SmokeCheck::ownerId()
{
    const qint64 pid = ::getpid();
    return QStringLiteral("%1.%2.%3").arg(QHostInfo::localHostName()).arg(pid).arg(startTimeOf(pid));
}

bool SmokeCheck::ownerAlive(const QString &owner)
{
    QStringList parts = owner.split(u'.');
    if (parts.size() < 3)
        return false;
    const QString start = parts.takeLast();
    const qint64 pid = parts.takeLast().toLongLong();
    if (parts.join(u'.') != QHostInfo::localHostName())
        return true; // another machine's process: not ours to judge
    if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH))
        return false;
    return startTimeOf(pid) == start;
}

bool SmokeCheck::run(const QString &image, const Say &say, QString *error)
{
    if (m_env.smoke == u"none")
        return true;
    if (m_env.smoke == u"docker" && !startContainer(image, say, error))
        return false;
    say(QStringLiteral("smoke test: waiting up to %1 s for %2 to answer 2xx")
            .arg(m_env.smokeTimeoutMs / 1000)
            .arg(m_env.healthPath));
    QElapsedTimer clock;
    clock.start();
    QString detail;
    for (;;) {
        if (probe(&detail))
            break;
        if (m_cancel && m_cancel->load()) {
            *error = QStringLiteral("cancelled");
            return false;
        }
        if (clock.elapsed() > m_env.smokeTimeoutMs) {
            *error = QStringLiteral("smoke test failed: %1 did not answer 2xx within %2 s: %3")
                         .arg(m_env.healthPath)
                         .arg(m_env.smokeTimeoutMs / 1000)
                         .arg(detail);
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    say(QStringLiteral("smoke test passed: GET %1 answered 2xx").arg(m_env.healthPath));
    if (m_env.metricThresholds.isEmpty())
        return true;
    int status = 0;
    QByteArray body;
    if (!get(m_env.metricsPath, &status, &body, &detail) || !is2xx(status)) {
        *error = QStringLiteral("metric gate failed: GET %1: %2").arg(m_env.metricsPath, detail);
        return false;
    }
    const MetricGate gate = MetricGate::evaluate(body, m_env.metricThresholds);
    for (const QString &line : gate.table().split(u'\n', Qt::SkipEmptyParts))
        say(line);
    if (!gate.passed()) {
        *error = gate.error().isEmpty()
                     ? QStringLiteral("metric gate failed: %1 does not meet the thresholds")
                           .arg(m_env.metricsPath)
                     : QStringLiteral("metric gate failed: %1: %2")
                           .arg(m_env.metricsPath, gate.error());
        return false;
    }
    return true;
}

bool SmokeCheck::probe(QString *detail)
{
    if (m_env.smoke == u"none")
        return true;
    int status = 0;
    QByteArray body;
    if (!get(m_env.healthPath, &status, &body, detail))
        return false;
    if (!is2xx(status)) {
        *detail = QStringLiteral("HTTP %1").arg(status);
        return false;
    }
    return true;
}

bool SmokeCheck::get(const QString &path, int *status, QByteArray *body, QString *detail)
{
    if (m_env.smoke == u"service-proxy") {
        // The apiserver forwards to the Service's endpoints; a 503 means no ready pod answers.
        KubeClient client(m_connection, m_cancel);
        const QString url = QStringLiteral("/api/v1/namespaces/%1/services/%2:%3/proxy%4")
                                .arg(m_env.kubeNamespace, m_env.previewService)
                                .arg(m_env.port)
                                .arg(path);
        const KubeResult r = client.request("GET", url);
        *status = r.status;
        *body = QJsonDocument(r.object).toJson(QJsonDocument::Compact);
        if (r.status == 0) {
            *detail = r.message;
            return false;
        }
        if (!r.ok)
            *detail = QStringLiteral("HTTP %1 through the service proxy: %2").arg(r.status).arg(r.message);
        return true;
    }
    if (m_address.isEmpty()) {
        QString error;
        if (!resolveAddress(&error)) {
            *detail = error;
            return false;
        }
    }
    HttpEndpoint endpoint;
    endpoint.baseUrl = QStringLiteral("http://") + m_address;
    HttpRequest request;
    request.path = path;
    request.timeoutMs = 5000;
    request.connectTimeoutMs = 2000;
    const HttpResponse r = HttpClient::perform(endpoint, request, {}, m_cancel);
    *status = r.status;
    *body = r.body;
    if (r.status == 0) {
        *detail = QStringLiteral("no answer from %1%2: %3").arg(endpoint.baseUrl, path, r.message);
        return false;
    }
    if (!is2xx(r.status))
        *detail = QStringLiteral("HTTP %1 from %2%3").arg(r.status).arg(endpoint.baseUrl, path);
    return true;
}

bool SmokeCheck::startContainer(const QString &image, const Say &say, QString *error)
{
    DockerClient docker;
    docker.setCancelFlag(m_cancel);
    if (!docker.negotiate()) {
        *error = QStringLiteral("smoke test needs Docker: %1").arg(docker.errorMessage());
        return false;
    }
    DockerContainerSpec spec;
    spec.image = image;
    spec.labels.insert(QString::fromLatin1(EnvironmentLabel), environmentKey(m_env));
    spec.labels.insert(QString::fromLatin1(OwnerLabel), ownerId());
    if (!docker.createContainer(spec, &m_container)) {
        *error = QStringLiteral("smoke test: cannot create a container of %1: %2")
                     .arg(image, docker.errorMessage());
        return false;
    }
    if (!docker.startContainer(m_container)) {
        *error = QStringLiteral("smoke test: cannot start %1: %2").arg(image, docker.errorMessage());
        return false;
    }
    if (!resolveAddress(error))
        return false;
    say(QStringLiteral("smoke test: %1 runs locally as container %2 at %3")
            .arg(image, m_container.left(12), m_address));
    return true;
}

bool SmokeCheck::resolveAddress(QString *error)
{
    if (m_container.isEmpty()) {
        *error = QStringLiteral("no smoke container");
        return false;
    }
    DockerClient docker;
    docker.setCancelFlag(m_cancel);
    QJsonObject c;
    if (!docker.negotiate() || !docker.inspectContainer(m_container, &c)) {
        *error = QStringLiteral("smoke container %1: %2")
                     .arg(m_container.left(12), docker.errorMessage());
        return false;
    }
    const QJsonObject state = c[u"State"].toObject();
    if (!state[u"Running"].toBool()) {
        *error = QStringLiteral("smoke container %1 is not running (exit code %2)")
                     .arg(m_container.left(12))
                     .arg(state[u"ExitCode"].toInt());
        return false;
    }
    const QString ip = c[u"NetworkSettings"].toObject()[u"IPAddress"].toString();
    if (ip.isEmpty()) {
        *error = QStringLiteral("smoke container %1 has no bridge address").arg(m_container.left(12));
        return false;
    }
    m_address = QStringLiteral("%1:%2").arg(ip).arg(m_env.port);
    return true;
}

void SmokeCheck::adopt(const QString &containerId)
{
    m_container = containerId;
    m_address.clear();
}

QString SmokeCheck::release()
{
    const QString id = m_container;
    m_container.clear();
    return id;
}

void SmokeCheck::remove()
{
    if (m_container.isEmpty())
        return;
    DockerClient docker; // no cancel flag: cleanup must happen even after a cancel
    if (docker.negotiate())
        docker.removeContainer(m_container, true);
    m_container.clear();
    m_address.clear();
}

int SmokeCheck::removeOrphans(const EnvironmentSpec &env, bool all, QString *error)
{
    DockerClient docker;
    QJsonArray list;
    if (!docker.negotiate()
        || !docker.listContainers(&list, QStringLiteral("%1=%2").arg(
                                             QString::fromLatin1(EnvironmentLabel),
                                             environmentKey(env)))) {
        *error = docker.errorMessage();
        return -1;
    }
    int removed = 0;
    for (const QJsonValue &v : std::as_const(list)) {
        const QJsonObject c = v.toObject();
        const QString owner = c[u"Labels"].toObject()[QString::fromLatin1(OwnerLabel)].toString();
        if (!all && ownerAlive(owner))
            continue;
        if (docker.removeContainer(c[u"Id"].toString(), true))
            ++removed;
    }
    return removed;
}

} // namespace pw::core
