#include "bluegreenwatcher.h"

#include "bluegreencontroller.h"

#include "core/kube/kubewatch.h"

#include <QJsonArray>
#include <QUrl>

namespace pw::core {

namespace {

QString selectorQuery(const QString &kind, const QString &expression)
{
    return kind + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(expression));
}

} // namespace

BlueGreenWatcher::BlueGreenWatcher(EnvironmentSpec env, KubeConnection connection,
                                   QObject *parent)
    : QObject(parent)
    , m_env(std::move(env))
    , m_connection(std::move(connection))
{
    m_connection.setNamespace(m_env.kubeNamespace);
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(100);
    connect(&m_coalesce, &QTimer::timeout, this, &BlueGreenWatcher::read);
}

BlueGreenWatcher::~BlueGreenWatcher() = default;

void BlueGreenWatcher::start()
{
    if (m_running)
        return;
    m_running = true;
    m_controller = new BlueGreenController(m_connection, this);
    connect(m_controller, &BlueGreenController::finished, this,
            [this](BlueGreenController::Operation, bool ok, const QString &message) {
                onRead(ok, message);
            });

    const QString ns = m_env.kubeNamespace;
    m_deployments = new KubeWatch(m_connection, QStringLiteral("apps/v1"),
                                  QStringLiteral("Deployment"), ns,
                                  selectorQuery(QStringLiteral("labelSelector"),
                                                QStringLiteral("app=") + m_env.app),
                                  this);
    m_services = new KubeWatch(m_connection, QStringLiteral("v1"), QStringLiteral("Service"), ns,
                               selectorQuery(QStringLiteral("fieldSelector"),
                                             QStringLiteral("metadata.name=") + m_env.service),
                               this);
    // Reading a Service or Deployment in a namespace that does not exist answers 404 like a
    // missing object, so the namespace's absence is only visible by asking for it.
    m_namespaces = new KubeWatch(m_connection, QStringLiteral("v1"), QStringLiteral("Namespace"),
                                 {},
                                 selectorQuery(QStringLiteral("fieldSelector"),
                                               QStringLiteral("metadata.name=") + ns),
                                 this);

    for (KubeWatch *w : {m_deployments, m_services}) {
        connect(w, &KubeWatch::listed, this, &BlueGreenWatcher::refresh);
        connect(w, &KubeWatch::eventReceived, this, &BlueGreenWatcher::refresh);
        // A watch that reconnected quietly after an outage sends nothing until the next
        // change; its bookmarks (about once a minute) are the cue to try again.
        connect(w, &KubeWatch::bookmarkReceived, this, [this] {
            if (!m_error.isEmpty())
                refresh();
        });
        connect(w, &KubeWatch::connectionLost, this, [this](const QString &message) {
            report(QStringLiteral("lost the connection to the apiserver (%1); reconnecting")
                       .arg(message));
            refresh();
        });
    }
    connect(m_deployments, &KubeWatch::failed, this, [this](const QString &message) {
        watchFailed(QStringLiteral("deployments"), message);
    });
    connect(m_services, &KubeWatch::failed, this, [this](const QString &message) {
        watchFailed(QStringLiteral("services"), message);
    });

    auto namespaceFrom = [](const QJsonObject &o) {
        // A namespace being deleted takes no new objects: as good as missing.
        return o[u"status"][u"phase"].toString() == QLatin1String("Terminating")
                   ? NamespaceState::Missing
                   : NamespaceState::Present;
    };
    connect(m_namespaces, &KubeWatch::listed, this,
            [this, namespaceFrom](const QJsonArray &items, const QString &) {
                setNamespaceState(items.isEmpty() ? NamespaceState::Missing
                                                  : namespaceFrom(items.first().toObject()));
            });
    connect(m_namespaces, &KubeWatch::eventReceived, this,
            [this, namespaceFrom](const QString &type, const QJsonObject &o) {
                setNamespaceState(type == QLatin1String("DELETED") ? NamespaceState::Missing
                                                                   : namespaceFrom(o));
            });
    // Without the right to list namespaces (common on shared clusters) the reads alone must do.
    connect(m_namespaces, &KubeWatch::failed, this,
            [this](const QString &) { setNamespaceState(NamespaceState::Unknown); });

    m_deployments->start();
    m_services->start();
    m_namespaces->start();
    refresh();
}

void BlueGreenWatcher::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_coalesce.stop();
    delete m_deployments;
    delete m_services;
    delete m_namespaces;
    m_deployments = m_services = m_namespaces = nullptr;
    // Deleting the controller drops whatever its read would still post.
    delete m_controller;
    m_controller = nullptr;
    m_reading = false;
    m_dirty = false;
}

void BlueGreenWatcher::refresh()
{
    if (!m_running)
        return;
    if (m_reading) {
        m_dirty = true;
        return;
    }
    // Not restarted by later events: a steady stream of them still reads every interval.
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void BlueGreenWatcher::read()
{
    if (!m_running || m_reading)
        return;
    m_reading = true;
    m_dirty = false;
    ++m_reads;
    m_controller->status(m_env);
}

void BlueGreenWatcher::onRead(bool ok, const QString &message)
{
    m_reading = false;
    if (ok && m_namespace == NamespaceState::Missing) {
        report(QStringLiteral("namespace %1 does not exist (or is being deleted) in context "
                              "%2: create it, or fix `namespace:` of environment %3")
                   .arg(m_env.kubeNamespace,
                        m_connection.contextName().isEmpty() ? QStringLiteral("(current)")
                                                             : m_connection.contextName(),
                        m_env.name));
    } else if (ok) {
        m_error.clear();
        m_hasStatus = true;
        m_status = m_controller->lastStatus();
        emit statusChanged(m_status);
    } else {
        report(message);
    }
    if (m_dirty) {
        m_dirty = false;
        refresh();
    }
}

void BlueGreenWatcher::watchFailed(const QString &what, const QString &message)
{
    report(QStringLiteral("cannot watch %1 in namespace %2: %3")
               .arg(what, m_env.kubeNamespace, message));
}

void BlueGreenWatcher::setNamespaceState(NamespaceState state)
{
    if (state == m_namespace)
        return;
    m_namespace = state;
    refresh();
}

void BlueGreenWatcher::report(const QString &message)
{
    m_error = message;
    emit failed(message);
}

} // namespace pw::core
