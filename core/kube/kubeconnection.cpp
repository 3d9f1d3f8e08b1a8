#include "kubeconnection.h"

#include "kubeconfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

namespace pw::core {

namespace {

bool writePrivate(QTemporaryDir &dir, const QString &name, const QByteArray &data,
                  QString *path, QString *error)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly)
        || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || f.write(data) != data.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    *path = f.fileName();
    return true;
}

// Runs a client.authentication.k8s.io exec plugin and reads its ExecCredential.
bool runExec(const KubeExecConfig &exec, const KubeClusterConfig &cluster,
             QByteArray *token, QByteArray *cert, QByteArray *key, QString *error)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[k, v] : exec.env)
        env.insert(k, v);
    const QString apiVersion = exec.apiVersion.isEmpty()
                                   ? QStringLiteral("client.authentication.k8s.io/v1")
                                   : exec.apiVersion;
    QJsonObject spec{{QStringLiteral("interactive"), false}};
    if (exec.provideClusterInfo) {
        spec.insert(QStringLiteral("cluster"),
                    QJsonObject{{QStringLiteral("server"), cluster.server},
                                {QStringLiteral("insecure-skip-tls-verify"),
                                 cluster.insecureSkipTlsVerify}});
    }
    const QJsonObject info{{QStringLiteral("apiVersion"), apiVersion},
                           {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                           {QStringLiteral("spec"), spec}};
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"),
               QString::fromUtf8(QJsonDocument(info).toJson(QJsonDocument::Compact)));
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(exec.command, exec.args);
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("exec credential plugin '%1' could not start: %2%3")
                     .arg(exec.command, p.errorString(),
                          exec.installHint.isEmpty() ? QString()
                                                     : QStringLiteral(" (") + exec.installHint
                                                           + QStringLiteral(")"));
        return false;
    }
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(1000);
        *error = QStringLiteral("exec credential plugin '%1' did not finish within 60 s")
                     .arg(exec.command);
        return false;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("exec credential plugin '%1' failed (exit %2): %3")
                     .arg(exec.command)
                     .arg(p.exitCode())
                     .arg(QString::fromUtf8(p.readAllStandardError()).trimmed());
        return false;
    }
    QJsonParseError pe;
    const QJsonObject cred = QJsonDocument::fromJson(p.readAllStandardOutput(), &pe).object();
    const QJsonObject status = cred.value(QStringLiteral("status")).toObject();
    if (pe.error != QJsonParseError::NoError
        || cred.value(QStringLiteral("kind")).toString() != QLatin1String("ExecCredential")) {
        *error = QStringLiteral("exec credential plugin '%1' did not print an ExecCredential")
                     .arg(exec.command);
        return false;
    }
    *token = status.value(QStringLiteral("token")).toString().toUtf8();
    *cert = status.value(QStringLiteral("clientCertificateData")).toString().toUtf8();
    *key = status.value(QStringLiteral("clientKeyData")).toString().toUtf8();
    if (cert->isEmpty() != key->isEmpty()) {
        // client-go's exec.go: a certificate without its key (or the reverse) is an error.
        *error = QStringLiteral("exec credential plugin '%1' returned a client certificate "
                                "without its key (they must come as a pair)")
                     .arg(exec.command);
        return false;
    }
    if (token->isEmpty() && cert->isEmpty()) {
        *error = QStringLiteral("exec credential plugin '%1' returned neither a token nor a "
                                "client certificate")
                     .arg(exec.command);
        return false;
    }
    return true;
}

} // namespace

std::optional<KubeConnection> KubeConnection::resolve(const KubeConfig &config,
                                                      const QString &contextName,
                                                      QString *error)
{
    KubeConnection c;
    c.m_context = contextName.isEmpty() ? config.currentContext() : contextName;
    if (c.m_context.isEmpty()) {
        *error = QStringLiteral("the kubeconfig has no current-context and none was given");
        return std::nullopt;
    }
    const KubeContextConfig *ctx = config.context(c.m_context);
    if (!ctx) {
        *error = QStringLiteral("context '%1' is not in the kubeconfig (contexts: %2)")
                     .arg(c.m_context, config.contextNames().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const KubeClusterConfig *cluster = config.cluster(ctx->cluster);
    if (!cluster) {
        *error = QStringLiteral("context '%1' names cluster '%2', which is not in the "
                                "kubeconfig")
                     .arg(c.m_context, ctx->cluster);
        return std::nullopt;
    }
    if (cluster->server.isEmpty()) {
        *error = QStringLiteral("cluster '%1' has no server").arg(ctx->cluster);
        return std::nullopt;
    }
    KubeUserConfig user;
    if (!ctx->user.isEmpty()) {
        const KubeUserConfig *u = config.user(ctx->user);
        if (!u) {
            *error = QStringLiteral("context '%1' names user '%2', which is not in the "
                                    "kubeconfig")
                         .arg(c.m_context, ctx->user);
            return std::nullopt;
        }
        user = *u;
    }
    c.m_namespace = ctx->kubeNamespace.isEmpty() ? QStringLiteral("default")
                                                 : ctx->kubeNamespace;
    QString server = cluster->server;
    while (server.endsWith(QLatin1Char('/')))
        server.chop(1);
    c.m_endpoint.baseUrl = server;

    auto tempDir = [&]() -> QTemporaryDir * {
        if (!c.m_files) {
            c.m_files = std::make_shared<QTemporaryDir>();
            if (!c.m_files->isValid()) {
                *error = QStringLiteral("cannot create a private temporary folder");
                return nullptr;
            }
        }
        return c.m_files.get();
    };
    auto requireFile = [&](const QString &path, const QString &what) {
        if (path.isEmpty() || QFile::exists(path))
            return true;
        *error = QStringLiteral("%1 '%2' of context '%3' does not exist")
                     .arg(what, path, c.m_context);
        return false;
    };

    if (cluster->insecureSkipTlsVerify) {
        c.m_endpoint.verifyPeer = false;
        c.m_warnings.append(QStringLiteral("cluster '%1' sets insecure-skip-tls-verify: the "
                                           "server's certificate is not checked")
                                .arg(ctx->cluster));
    } else if (!cluster->certificateAuthorityData.isEmpty()) {
        QTemporaryDir *d = tempDir();
        if (!d || !writePrivate(*d, QStringLiteral("ca.crt"), cluster->certificateAuthorityData,
                                &c.m_endpoint.caFile, error))
            return std::nullopt;
    } else {
        if (!requireFile(cluster->certificateAuthority, QStringLiteral("certificate-authority")))
            return std::nullopt;
        c.m_endpoint.caFile = cluster->certificateAuthority;
    }

    QByteArray certData = user.clientCertificateData;
    QByteArray keyData = user.clientKeyData;
    c.m_token = user.token.toUtf8();
    c.m_tokenFile = user.tokenFile;
    if (user.hasExec) {
        QByteArray token, cert, key;
        if (!runExec(user.exec, *cluster, &token, &cert, &key, error))
            return std::nullopt;
        if (!token.isEmpty())
            c.m_token = token;
        if (!cert.isEmpty()) {
            certData = cert;
            keyData = key;
        }
    }
    if (!certData.isEmpty() || !keyData.isEmpty()) {
        QTemporaryDir *d = tempDir();
        if (!d
            || !writePrivate(*d, QStringLiteral("client.crt"), certData,
                             &c.m_endpoint.certFile, error)
            || !writePrivate(*d, QStringLiteral("client.key"), keyData, &c.m_endpoint.keyFile,
                             error))
            return std::nullopt;
    } else {
        if (!requireFile(user.clientCertificate, QStringLiteral("client-certificate"))
            || !requireFile(user.clientKey, QStringLiteral("client-key")))
            return std::nullopt;
        c.m_endpoint.certFile = user.clientCertificate;
        c.m_endpoint.keyFile = user.clientKey;
    }
    if (c.m_endpoint.certFile.isEmpty() != c.m_endpoint.keyFile.isEmpty()) {
        *error = QStringLiteral("user '%1' has a client certificate without its key (or the "
                                "reverse)")
                     .arg(ctx->user);
        return std::nullopt;
    }
    if (!c.m_tokenFile.isEmpty()) {
        if (!requireFile(c.m_tokenFile, QStringLiteral("tokenFile")))
            return std::nullopt;
        c.m_lastFileToken = std::make_shared<FileToken>();
    }
    if (!user.username.isEmpty())
        c.m_basic = (user.username + QLatin1Char(':') + user.password).toUtf8().toBase64();
    return c;
}

QByteArray KubeConnection::authorization() const
{
    if (!m_tokenFile.isEmpty()) {
        QFile f(m_tokenFile);
        std::lock_guard lock(m_lastFileToken->mutex);
        if (f.open(QIODevice::ReadOnly)) {
            const QByteArray t = f.readAll().trimmed();
            if (!t.isEmpty())
                m_lastFileToken->value = t;
        }
        if (!m_lastFileToken->value.isEmpty())
            return "Bearer " + m_lastFileToken->value;
    }
    if (!m_token.isEmpty())
        return "Bearer " + m_token;
    if (!m_basic.isEmpty())
        return "Basic " + m_basic;
    return {};
}

} // namespace pw::core
