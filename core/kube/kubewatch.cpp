#include "kubewatch.h"

#include "kubeclient.h"
#include "kubewatchevent.h"

namespace pw::core {

KubeWatch::KubeWatch(KubeConnection connection, QString apiVersion, QString kind, QString ns,
                     QString query, QObject *parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_apiVersion(std::move(apiVersion))
    , m_kind(std::move(kind))
    , m_namespace(std::move(ns))
    , m_query(std::move(query))
    , m_task(this)
{}

KubeWatch::~KubeWatch() = default;

void KubeWatch::stop()
{
    m_task.cancel();
    m_running = false;
}

void KubeWatch::start(const QString &resourceVersion)
{
    m_running = true;
    m_resourceVersion = resourceVersion;
    m_task.start([this, conn = m_connection, apiVersion = m_apiVersion, kind = m_kind,
                  ns = m_namespace.isEmpty() ? m_connection.kubeNamespace() : m_namespace,
                  query = m_query, timeout = m_timeoutSeconds,
                  initialRv = resourceVersion](const KubeBackgroundTask::Handle &h) {
        // `this` is only touched inside posted lambdas, which run on its own thread and
        // are dropped once it is gone.
        const KubeClient client(conn, h.cancelFlag());
        auto fail = [&](const QString &message) {
            h.post([this, message] {
                m_running = false;
                emit failed(message);
            });
        };
        QString error;
        const auto res = client.resource(apiVersion, kind, &error);
        if (!res) {
            if (!h.cancelled())
                fail(error);
            return;
        }
        const QString collection = client.collectionPath(*res, ns);
        QString rv = initialRv;
        int backoffMs = 250;
        auto backoff = [&](const QString &message) {
            h.post([this, message] { emit connectionLost(message); });
            const bool alive = h.sleep(backoffMs);
            backoffMs = qMin(backoffMs * 2, 4000);
            return alive;
        };
        auto permanent = [](const KubeResult &r) {
            return r.status == 401 || r.status == 403 || r.status == 404;
        };
        while (!h.cancelled()) {
            if (rv.isEmpty()) {
                const KubeResult r =
                    client.request("GET", query.isEmpty() ? collection
                                                            : collection + u'?' + query);
                if (h.cancelled())
                    return;
                if (!r.ok) {
                    if (permanent(r))
                        return fail(r.message);
                    if (!backoff(r.message))
                        return;
                    continue;
                }
                rv = r.object.value(QStringLiteral("metadata")).toObject()
                         .value(QStringLiteral("resourceVersion")).toString();
                const QJsonArray items = r.object.value(QStringLiteral("items")).toArray();
                h.post([this, items, rv] {
                    m_resourceVersion = rv;
                    emit listed(items, rv);
                });
            }
            QString path = collection
                           + QStringLiteral("?watch=1&allowWatchBookmarks=true&resourceVersion=")
                           + rv + QStringLiteral("&timeoutSeconds=") + QString::number(timeout);
            if (!query.isEmpty())
                path += u'&' + query;
            bool gone = false;
            QString goneMessage;
            // The server keeps the stream open after a 410 ERROR event; this flag ends it.
            std::atomic<bool> streamStop{false};
            h.link(&streamStop);
            const KubeClient streamClient(conn, &streamStop);
            const KubeResult r = streamClient.stream(path, [&](const QByteArray &line) {
                const KubeWatchEvent ev = KubeWatchEvent::fromLine(line);
                switch (ev.kind) {
                case KubeWatchEvent::Kind::Ignored:
                    return;
                case KubeWatchEvent::Kind::Gone:
                    gone = true;
                    goneMessage = ev.message;
                    streamStop = true;
                    return;
                case KubeWatchEvent::Kind::Error:
                    h.post([this, msg = ev.message] { emit connectionLost(msg); });
                    return;
                case KubeWatchEvent::Kind::Bookmark:
                case KubeWatchEvent::Kind::Changed:
                    break;
                }
                if (!ev.resourceVersion.isEmpty())
                    rv = ev.resourceVersion;
                backoffMs = 250;
                if (ev.kind == KubeWatchEvent::Kind::Bookmark) {
                    h.post([this, newRv = ev.resourceVersion] {
                        m_resourceVersion = newRv;
                        emit bookmarkReceived(newRv);
                    });
                } else {
                    h.post([this, ev] {
                        m_resourceVersion = ev.resourceVersion;
                        emit eventReceived(ev.type, ev.object);
                    });
                }
            });
            h.link(nullptr);
            if (h.cancelled())
                return;
            if (gone || r.isGone()) {
                const QString msg = gone ? goneMessage : r.message;
                h.post([this, msg] { emit relisting(msg); });
                rv.clear();
                continue;
            }
            if (!r.ok) {
                if (permanent(r))
                    return fail(r.message);
                if (!backoff(r.message))
                    return;
            }
            // A clean end is the server's timeoutSeconds: reconnect from the last version.
        }
    });
}

} // namespace pw::core
