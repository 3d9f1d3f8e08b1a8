#pragma once

#include "core/kube/kubeclient.h"
#include "core/kube/kubeconfig.h"
#include "core/kube/kubeconnection.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QString>

// The integration tests' access to the local control plane: starts it through
// scripts/kube-env.sh (or reuses the running one) and hands out connections. When the plane
// cannot start, the tests fail with the script's message naming what is missing.
namespace kubetest {

inline QString script()
{
    return QStringLiteral(PW_SOURCE_DIR "/scripts/kube-env.sh");
}

// Runs the script with `command`; returns its exit code, output in *out.
inline int runScript(const QString &command, QString *out, int timeoutMs = 60 * 60 * 1000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("bash"), {script(), command});
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        *out = QStringLiteral("scripts/kube-env.sh %1 did not finish").arg(command);
        return -1;
    }
    *out = QString::fromUtf8(p.readAll()).trimmed();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

inline bool ensureUp(QString *error)
{
    QString out;
    if (runScript(QStringLiteral("up"), &out) != 0) {
        *error = QStringLiteral("the local Kubernetes control plane (scripts/kube-env.sh up) "
                                "is not available: ")
                 + out;
        return false;
    }
    return true;
}

inline QString kubeconfigPath()
{
    QString out;
    runScript(QStringLiteral("kubeconfig"), &out, 10000);
    return out;
}

// The plane's CA certificate, next to the kubeconfig the script writes.
inline QString caFile()
{
    return QFileInfo(kubeconfigPath()).absolutePath() + QStringLiteral("/pki/ca.crt");
}

inline std::optional<pw::core::KubeConnection> connection(const QString &context = {},
                                                          const QString &ns = {})
{
    pw::core::KubeConfig config;
    if (!config.load({kubeconfigPath()}))
        return std::nullopt;
    QString error;
    auto c = pw::core::KubeConnection::resolve(config, context, &error);
    if (c && !ns.isEmpty())
        c->setNamespace(ns);
    return c;
}

// A fresh namespace per test case, so runs never see each other's objects.
inline QString createNamespace(const pw::core::KubeClient &client, const QString &prefix)
{
    const QString name = QStringLiteral("%1-%2").arg(prefix).arg(
        QRandomGenerator::global()->generate() % 1000000, 6, 10, QLatin1Char('0'));
    const auto r = client.apply(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Namespace")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}}});
    return r.ok ? name : QString();
}

inline void deleteNamespace(const pw::core::KubeClient &client, const QString &name)
{
    if (!name.isEmpty())
        client.remove(QStringLiteral("v1"), QStringLiteral("Namespace"), name);
}

inline QString rvOf(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject()
        .value(QStringLiteral("resourceVersion")).toString();
}

} // namespace kubetest
