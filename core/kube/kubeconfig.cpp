#include "kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace pw::core {

namespace {

QString str(const YAML::Node &n)
{
    return n && n.IsScalar() ? QString::fromStdString(n.Scalar()) : QString();
}

QString where(const QString &file, const YAML::Node &n)
{
    return QStringLiteral("%1:%2:%3").arg(file).arg(n.Mark().line + 1).arg(n.Mark().column + 1);
}

QString resolvePath(const QString &dir, const QString &p)
{
    if (p.isEmpty() || QDir::isAbsolutePath(p))
        return p;
    if (p.startsWith(QLatin1String("~/")))
        return QDir::homePath() + p.mid(1);
    return QDir(dir).absoluteFilePath(p);
}

} // namespace

QStringList KubeConfig::defaultPaths()
{
    const QString env = qEnvironmentVariable("KUBECONFIG");
    if (env.isEmpty())
        return {QDir::homePath() + QStringLiteral("/.kube/config")};
    QStringList out;
    for (const QString &p : env.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
        if (!out.contains(p))
            out.append(p);
    }
    return out;
}

const KubeContextConfig *KubeConfig::context(const QString &name) const
{
    auto it = m_contexts.constFind(name);
    return it == m_contexts.cend() ? nullptr : &*it;
}

const KubeClusterConfig *KubeConfig::cluster(const QString &name) const
{
    auto it = m_clusters.constFind(name);
    return it == m_clusters.cend() ? nullptr : &*it;
}

const KubeUserConfig *KubeConfig::user(const QString &name) const
{
    auto it = m_users.constFind(name);
    return it == m_users.cend() ? nullptr : &*it;
}

bool KubeConfig::load(const QStringList &paths)
{
    m_clusters.clear();
    m_users.clear();
    m_contexts.clear();
    m_currentContext.clear();
    m_files.clear();
    m_error.clear();
    QSet<QString> seen;
    for (const QString &p : paths) {
        const QString abs = QFileInfo(p).absoluteFilePath();
        if (seen.contains(abs) || !QFileInfo::exists(abs))
            continue;
        seen.insert(abs);
        if (!loadFile(abs))
            return false;
        m_files.append(abs);
    }
    if (m_files.isEmpty()) {
        m_error = QStringLiteral("no kubeconfig file found (looked at %1)")
                      .arg(paths.join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

bool KubeConfig::loadFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("%1: cannot read: %2").arg(path, f.errorString());
        return false;
    }
    return loadText(f.readAll(), path);
}

bool KubeConfig::loadText(const QByteArray &text, const QString &path)
{
    const QString dir = QFileInfo(path).absolutePath();
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        m_error = QStringLiteral("%1:%2:%3: %4")
                      .arg(path)
                      .arg(e.mark.line + 1)
                      .arg(e.mark.column + 1)
                      .arg(QString::fromStdString(e.msg));
        return false;
    }
    if (root.IsNull())
        return true; // an empty file contributes nothing, as in client-go
    if (!root.IsMap()) {
        m_error = where(path, root) + QStringLiteral(": a kubeconfig must be a mapping");
        return false;
    }

    auto decode = [&](const YAML::Node &n, QByteArray *out) {
        if (!n)
            return true;
        const QByteArray raw = str(n).toLatin1();
        auto r = QByteArray::fromBase64Encoding(raw, QByteArray::AbortOnBase64DecodingErrors);
        if (!r) {
            m_error = where(path, n) + QStringLiteral(": invalid base64 data");
            return false;
        }
        *out = *r;
        return true;
    };

    // Each list entry is {name, <kind>: {...}}; the first file defining a name wins whole.
    auto forEachNamed = [&](const char *listKey, const char *itemKey, auto &&fn) {
        const YAML::Node list = root[listKey];
        if (!list || list.IsNull())
            return true;
        if (!list.IsSequence()) {
            m_error = where(path, list) + QStringLiteral(": '%1' must be a list")
                                              .arg(QString::fromLatin1(listKey));
            return false;
        }
        for (const auto &entry : list) {
            const QString name = entry.IsMap() ? str(entry["name"]) : QString();
            if (name.isEmpty()) {
                m_error = where(path, entry)
                          + QStringLiteral(": an entry of '%1' has no name")
                                .arg(QString::fromLatin1(listKey));
                return false;
            }
            const YAML::Node body = entry[itemKey];
            if (body && !body.IsMap() && !body.IsNull()) {
                m_error = where(path, body) + QStringLiteral(": '%1' must be a mapping")
                                                  .arg(QString::fromLatin1(itemKey));
                return false;
            }
            if (!fn(name, body ? body : YAML::Node(YAML::NodeType::Map)))
                return false;
        }
        return true;
    };

    const bool ok =
        forEachNamed("clusters", "cluster",
                     [&](const QString &name, const YAML::Node &c) {
                         if (m_clusters.contains(name))
                             return true;
                         KubeClusterConfig k;
                         k.server = str(c["server"]);
                         k.certificateAuthority =
                             resolvePath(dir, str(c["certificate-authority"]));
                         k.insecureSkipTlsVerify = str(c["insecure-skip-tls-verify"])
                                                   == QLatin1String("true");
                         k.tlsServerName = str(c["tls-server-name"]);
                         if (!decode(c["certificate-authority-data"],
                                     &k.certificateAuthorityData))
                             return false;
                         m_clusters.insert(name, k);
                         return true;
                     })
        && forEachNamed("users", "user",
                        [&](const QString &name, const YAML::Node &u) {
                            if (m_users.contains(name))
                                return true;
                            KubeUserConfig k;
                            k.clientCertificate = resolvePath(dir, str(u["client-certificate"]));
                            k.clientKey = resolvePath(dir, str(u["client-key"]));
                            k.token = str(u["token"]);
                            k.tokenFile = resolvePath(dir, str(u["tokenFile"]));
                            k.username = str(u["username"]);
                            k.password = str(u["password"]);
                            if (!decode(u["client-certificate-data"], &k.clientCertificateData)
                                || !decode(u["client-key-data"], &k.clientKeyData))
                                return false;
                            if (const YAML::Node e = u["exec"]; e && e.IsMap()) {
                                k.hasExec = true;
                                QString cmd = str(e["command"]);
                                // client-go: a command with a separator is relative to the
                                // kubeconfig's folder; a bare name is looked up on PATH.
                                if (cmd.contains(QLatin1Char('/')))
                                    cmd = resolvePath(dir, cmd);
                                k.exec.command = cmd;
                                for (const auto &a : e["args"])
                                    k.exec.args.append(str(a));
                                for (const auto &v : e["env"])
                                    k.exec.env.append({str(v["name"]), str(v["value"])});
                                k.exec.apiVersion = str(e["apiVersion"]);
                                k.exec.installHint = str(e["installHint"]);
                                k.exec.provideClusterInfo =
                                    str(e["provideClusterInfo"]) == QLatin1String("true");
                                if (k.exec.command.isEmpty()) {
                                    m_error = where(path, e)
                                              + QStringLiteral(": exec needs a command");
                                    return false;
                                }
                            }
                            m_users.insert(name, k);
                            return true;
                        })
        && forEachNamed("contexts", "context", [&](const QString &name, const YAML::Node &c) {
               if (m_contexts.contains(name))
                   return true;
               m_contexts.insert(name, {str(c["cluster"]), str(c["user"]), str(c["namespace"])});
               return true;
           });
    if (!ok)
        return false;
    if (m_currentContext.isEmpty())
        m_currentContext = str(root["current-context"]);
    return true;
}

} // namespace pw::core
