#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

namespace pw::core {

struct KubeExecConfig
{
    QString command;
    QStringList args;
    QList<QPair<QString, QString>> env;
    QString apiVersion;
    QString installHint;
    bool provideClusterInfo = false;
};

struct KubeClusterConfig
{
    QString server;
    QString certificateAuthority;     // absolute path
    QByteArray certificateAuthorityData; // decoded PEM; overrides the file
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
};

struct KubeUserConfig
{
    QString clientCertificate; // absolute paths
    QString clientKey;
    QByteArray clientCertificateData; // decoded PEM; override the files
    QByteArray clientKeyData;
    QString token;
    QString tokenFile;
    QString username;
    QString password;
    bool hasExec = false;
    KubeExecConfig exec;
};

struct KubeContextConfig
{
    QString cluster;
    QString user;
    QString kubeNamespace;
};

// The merged kubeconfig (client-go clientcmd rules): KUBECONFIG is a ':'-separated list,
// duplicates dropped, missing files skipped; the first file to define a cluster/user/context
// name or current-context wins; relative paths resolve against the defining file's folder.
// A plain value, cheap to copy; the context switch is just setCurrentContext().
class KubeConfig
{
public:
    // $KUBECONFIG's list, or ~/.kube/config when it is unset or empty.
    static QStringList defaultPaths();

    // Loads and merges `paths` (missing files skipped). False on a malformed file, with
    // errorString() as "FILE:LINE:COL: message"; false too when no file existed.
    bool load(const QStringList &paths);
    bool loadDefault() { return load(defaultPaths()); }
    QString errorString() const { return m_error; }
    QStringList loadedFiles() const { return m_files; }

    QString currentContext() const { return m_currentContext; }
    void setCurrentContext(const QString &name) { m_currentContext = name; }
    QStringList contextNames() const { return m_contexts.keys(); }

    const KubeContextConfig *context(const QString &name) const;
    const KubeClusterConfig *cluster(const QString &name) const;
    const KubeUserConfig *user(const QString &name) const;

    // Merges one file's text as if read from `path` (relative paths resolve against its
    // folder). False on a malformed text, with errorString() as for load().
    bool loadText(const QByteArray &text, const QString &path);

private:
    bool loadFile(const QString &path);

    QMap<QString, KubeClusterConfig> m_clusters;
    QMap<QString, KubeUserConfig> m_users;
    QMap<QString, KubeContextConfig> m_contexts;
    QString m_currentContext;
    QStringList m_files;
    QString m_error;
};

} // namespace pw::core
