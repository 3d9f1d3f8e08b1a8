#pragma once

#include "core/http/httpendpoint.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <memory>
#include <mutex>
#include <optional>

class QTemporaryDir;

namespace pw::core {

class KubeConfig;

// Everything needed to talk to one kubeconfig context: the endpoint with its TLS files, the
// namespace and how to authenticate. Resolving may run an exec credential plugin, so do it
// on a worker thread. Copies share the private folder holding certificates that came as
// -data fields (curl takes files), removed with the last copy.
class KubeConnection
{
public:
    // `contextName` empty = the current context. Nullopt with *error on a missing context,
    // cluster or user, unreadable files or a failing exec plugin.
    static std::optional<KubeConnection> resolve(const KubeConfig &config,
                                                 const QString &contextName, QString *error);

    QString contextName() const { return m_context; }
    QString kubeNamespace() const { return m_namespace; }
    // An environment's namespace overrides the context's.
    void setNamespace(const QString &ns) { m_namespace = ns; }
    const HttpEndpoint &endpoint() const { return m_endpoint; }
    QStringList warnings() const { return m_warnings; }
    // "Bearer …" or "Basic …", or empty. A tokenFile is re-read on each call (it rotates);
    // its last successfully read value wins over `token`.
    QByteArray authorization() const;

private:
    QString m_context;
    QString m_namespace;
    HttpEndpoint m_endpoint;
    QStringList m_warnings;
    QByteArray m_token;
    QString m_tokenFile;
    QByteArray m_basic;
    std::shared_ptr<QTemporaryDir> m_files;
    struct FileToken
    {
        std::mutex mutex;
        QByteArray value;
    };
    std::shared_ptr<FileToken> m_lastFileToken; // shared by copies on several threads
};

} // namespace pw::core
