#include "kubeclient.h"

#include "kubediscovery.h"

#include "core/http/httpclient.h"

#include <QJsonDocument>
#include <QUrl>

namespace pw::core {

namespace {

QString describeFailure(const HttpResponse &r, const QString &context, const QString &server,
                        QString *reason, QJsonObject *status)
{
    switch (r.error) {
    case HttpError::None:
        return {};
    case HttpError::Http:
        break;
    case HttpError::Tls:
        return QStringLiteral("TLS failure talking to the Kubernetes API server %1 of context "
                              "'%2' (does the cluster's certificate-authority match the "
                              "server?): %3")
            .arg(server, context, r.message);
    case HttpError::Cancelled:
        return QStringLiteral("cancelled");
    default:
        return QStringLiteral("cannot reach the Kubernetes API server %1 of context '%2': %3")
            .arg(server, context, r.message);
    }
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    if (o.value(QStringLiteral("kind")).toString() == QLatin1String("Status"))
        *status = o;
    *reason = o.value(QStringLiteral("reason")).toString();
    const QString msg = o.value(QStringLiteral("message")).toString().isEmpty()
                            ? r.message
                            : o.value(QStringLiteral("message")).toString();
    switch (r.status) {
    case 401:
        return QStringLiteral("unauthorized (401): the API server %1 rejected the credentials "
                              "of context '%2' (expired or wrong?): %3")
            .arg(server, context, msg);
    case 403:
        return QStringLiteral("forbidden (403): %1").arg(msg);
    case 409:
        return QStringLiteral("conflict (409): %1").arg(msg);
    default:
        return QStringLiteral("%1 (%2): %3")
            .arg(reason->isEmpty() ? QStringLiteral("error") : *reason)
            .arg(r.status)
            .arg(msg);
    }
}

} // namespace

KubeClient::KubeClient(KubeConnection connection, const std::atomic<bool> *cancel)
    : m_connection(std::move(connection))
    , m_cancel(cancel)
{}

KubeResult KubeClient::fail(const QString &message, KubeResult r) const
{
    r.ok = false;
    r.message = message;
    return r;
}

QString KubeClient::namespaceFor(const QString &ns) const
{
    return ns.isEmpty() ? m_connection.kubeNamespace() : ns;
}

KubeResult KubeClient::request(const QByteArray &method, const QString &path,
                               const QByteArray &body, const QByteArray &contentType) const
{
    HttpRequest req;
    req.method = method;
    req.path = path;
    req.body = body;
    req.timeoutMs = 60000;
    req.setHeader("Accept", "application/json");
    if (!contentType.isEmpty())
        req.setHeader("Content-Type", contentType);
    const QByteArray auth = m_connection.authorization();
    if (!auth.isEmpty())
        req.setHeader("Authorization", auth);
    const HttpResponse resp = HttpClient::perform(m_connection.endpoint(), req, {}, m_cancel);
    KubeResult r;
    r.status = resp.status;
    r.transport = resp.error;
    if (resp.ok()) {
        r.ok = true;
        r.object = QJsonDocument::fromJson(resp.body).object();
        return r;
    }
    r.message = describeFailure(resp, m_connection.contextName(),
                                m_connection.endpoint().baseUrl, &r.reason, &r.object);
    return r;
}

KubeResult KubeClient::stream(const QString &path,
                              const std::function<void(const QByteArray &)> &onLine) const
{
    HttpRequest req;
    req.path = path;
    req.delivery = HttpRequest::Delivery::Lines;
    req.setHeader("Accept", "application/json");
    const QByteArray auth = m_connection.authorization();
    if (!auth.isEmpty())
        req.setHeader("Authorization", auth);
    const HttpResponse resp = HttpClient::perform(m_connection.endpoint(), req, onLine,
                                                  m_cancel);
    KubeResult r;
    r.status = resp.status;
    r.transport = resp.error;
    r.ok = resp.ok();
    if (!r.ok)
        r.message = describeFailure(resp, m_connection.contextName(),
                                    m_connection.endpoint().baseUrl, &r.reason, &r.object);
    return r;
}

std::optional<KubeResource> KubeClient::resource(const QString &apiVersion, const QString &kind,
                                                 QString *error, KubeResult *failure) const
{
    return KubeDiscovery::find(*this, apiVersion, kind, error, failure);
}

QString KubeClient::collectionPath(const KubeResource &r, const QString &ns) const
{
    QString p = r.basePath();
    if (r.namespaced)
        p += QStringLiteral("/namespaces/") + QString::fromUtf8(QUrl::toPercentEncoding(ns));
    return p + u'/' + r.name;
}

QString KubeClient::objectPath(const KubeResource &r, const QString &ns,
                               const QString &name) const
{
    return collectionPath(r, ns) + u'/' + QString::fromUtf8(QUrl::toPercentEncoding(name));
}

KubeResult KubeClient::apply(QJsonObject object, bool force) const
{
    const QString apiVersion = object.value(QStringLiteral("apiVersion")).toString();
    const QString kind = object.value(QStringLiteral("kind")).toString();
    QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    const QString name = meta.value(QStringLiteral("name")).toString();
    if (name.isEmpty())
        return fail(QStringLiteral("%1 has no metadata.name").arg(kind));
    QString error;
    KubeResult failure;
    const auto res = resource(apiVersion, kind, &error, &failure);
    if (!res)
        return fail(error, failure);
    // managedFields must not be part of an apply body (server-side-apply.md).
    meta.remove(QStringLiteral("managedFields"));
    meta.remove(QStringLiteral("resourceVersion"));
    QString ns;
    if (res->namespaced) {
        ns = namespaceFor(meta.value(QStringLiteral("namespace")).toString());
        meta.insert(QStringLiteral("namespace"), ns);
    }
    object.insert(QStringLiteral("metadata"), meta);
    QString path = objectPath(*res, ns, name) + QStringLiteral("?fieldManager=")
                   + QLatin1String(FieldManager);
    if (force)
        path += QStringLiteral("&force=true");
    // JSON is YAML, so the apply content type takes the JSON body as is.
    KubeResult r = request("PATCH", path, QJsonDocument(object).toJson(QJsonDocument::Compact),
                           "application/apply-patch+yaml");
    if (r.isConflict() && !force)
        r.message += QStringLiteral(" — apply with force to take over these fields");
    return r;
}

KubeResult KubeClient::get(const QString &apiVersion, const QString &kind, const QString &name,
                           const QString &ns) const
{
    QString error;
    KubeResult failure;
    const auto res = resource(apiVersion, kind, &error, &failure);
    if (!res)
        return fail(error, failure);
    return request("GET", objectPath(*res, namespaceFor(ns), name));
}

KubeResult KubeClient::list(const QString &apiVersion, const QString &kind, const QString &ns,
                            const QString &query) const
{
    QString error;
    KubeResult failure;
    const auto res = resource(apiVersion, kind, &error, &failure);
    if (!res)
        return fail(error, failure);
    QString path = collectionPath(*res, namespaceFor(ns));
    if (!query.isEmpty())
        path += u'?' + query;
    return request("GET", path);
}

KubeResult KubeClient::patch(const QString &apiVersion, const QString &kind,
                             const QString &name, const QByteArray &body,
                             const QByteArray &contentType, const QString &ns) const
{
    QString error;
    KubeResult failure;
    const auto res = resource(apiVersion, kind, &error, &failure);
    if (!res)
        return fail(error, failure);
    return request("PATCH",
                   objectPath(*res, namespaceFor(ns), name) + QStringLiteral("?fieldManager=")
                       + QLatin1String(FieldManager),
                   body, contentType);
}

KubeResult KubeClient::remove(const QString &apiVersion, const QString &kind,
                              const QString &name, const QString &ns) const
{
    QString error;
    KubeResult failure;
    const auto res = resource(apiVersion, kind, &error, &failure);
    if (!res)
        return fail(error, failure);
    // Background propagation: the ReplicaSets and Pods of a Deployment go too.
    return request("DELETE", objectPath(*res, namespaceFor(ns), name),
                   R"({"kind":"DeleteOptions","apiVersion":"v1",)"
                   R"("propagationPolicy":"Background"})",
                   "application/json");
}

} // namespace pw::core
