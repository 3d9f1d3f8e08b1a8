#pragma once

#include "kubeconnection.h"
#include "kuberesource.h"
#include "kuberesult.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace pw::core {

// Blocking Kubernetes REST calls for worker threads (never the GUI thread): discovery,
// server-side apply, get, list, patch, delete, and the streaming GET under watches. An empty
// namespace argument means the object's own, else the context's. `cancel`, when set, aborts
// a call in flight within about a second.
class KubeClient
{
public:
    static constexpr const char *FieldManager = "pipewright";

    explicit KubeClient(KubeConnection connection, const std::atomic<bool> *cancel = nullptr);

    const KubeConnection &connection() const { return m_connection; }

    KubeResult request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const QByteArray &contentType = {}) const;
    // GET whose body arrives line by line (watch streams); `onLine` runs on this thread.
    KubeResult stream(const QString &path,
                      const std::function<void(const QByteArray &)> &onLine) const;

    std::optional<KubeResource> resource(const QString &apiVersion, const QString &kind,
                                         QString *error, KubeResult *failure = nullptr) const;
    QString collectionPath(const KubeResource &r, const QString &ns) const;
    QString objectPath(const KubeResource &r, const QString &ns, const QString &name) const;

    // Server-side apply (PATCH application/apply-patch+yaml, fieldManager=pipewright):
    // creates or updates; a 409 names the conflicting managers unless `force` is set.
    KubeResult apply(QJsonObject object, bool force = false) const;
    KubeResult get(const QString &apiVersion, const QString &kind, const QString &name,
                   const QString &ns = {}) const;
    // `query` is appended as is, e.g. "labelSelector=app%3Dweb".
    KubeResult list(const QString &apiVersion, const QString &kind, const QString &ns = {},
                    const QString &query = {}) const;
    KubeResult patch(const QString &apiVersion, const QString &kind, const QString &name,
                     const QByteArray &body,
                     const QByteArray &contentType = "application/merge-patch+json",
                     const QString &ns = {}) const;
    KubeResult remove(const QString &apiVersion, const QString &kind, const QString &name,
                      const QString &ns = {}) const;

private:
    // `r`: the failed request behind the message, if any (keeps status and transport).
    KubeResult fail(const QString &message, KubeResult r = {}) const;
    QString namespaceFor(const QString &ns) const;

    KubeConnection m_connection;
    const std::atomic<bool> *m_cancel;
};

} // namespace pw::core
