#include "dockercredentials.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QUrl>

namespace pw::core {

namespace {

const QString kHubServer = QStringLiteral("https://index.docker.io/v1/");

// "https://reg:5000/v2/" → "reg:5000", as the CLI's ConvertToHostname does for `auths` keys.
QString toHostname(const QString &key)
{
    QString h = key;
    if (h.startsWith(QStringLiteral("http://")))
        h = h.mid(7);
    else if (h.startsWith(QStringLiteral("https://")))
        h = h.mid(8);
    return h.section(QLatin1Char('/'), 0, 0);
}

QString serverKey(const QString &registry)
{
    return registry == QStringLiteral("docker.io") ? kHubServer : registry;
}

} // namespace

QJsonObject DockerCredentials::Auth::toJson() const
{
    QJsonObject o;
    if (!identityToken.isEmpty()) {
        o.insert(QStringLiteral("identitytoken"), identityToken);
    } else if (!username.isEmpty()) {
        o.insert(QStringLiteral("username"), username);
        o.insert(QStringLiteral("password"), password);
    }
    if (!serverAddress.isEmpty() && !o.isEmpty())
        o.insert(QStringLiteral("serveraddress"), serverAddress);
    return o;
}

QByteArray DockerCredentials::Auth::toHeader() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact).toBase64(
        QByteArray::Base64UrlEncoding);
}

DockerCredentials DockerCredentials::load(const QString &configDir, QString *error)
{
    QString dir = configDir;
    if (dir.isEmpty())
        dir = QProcessEnvironment::systemEnvironment().value(QStringLiteral("DOCKER_CONFIG"));
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.docker");
    DockerCredentials c;
    QFile file(QDir(dir).filePath(QStringLiteral("config.json")));
    if (!file.exists())
        return c;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return c;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is not valid JSON: %2")
                         .arg(file.fileName(), parseError.errorString());
        return c;
    }
    c.m_config = doc.object();
    return c;
}

QString DockerCredentials::registryOf(const QString &imageRef)
{
    const qsizetype slash = imageRef.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return QStringLiteral("docker.io");
    const QString first = imageRef.left(slash);
    if (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':'))
        || first == QStringLiteral("localhost"))
        return first;
    return QStringLiteral("docker.io");
}

DockerCredentials::Auth DockerCredentials::lookup(const QString &registry, QString *error) const
{
    const QString server = serverKey(registry);
    const QString host = toHostname(server);
    const QJsonObject helpers = m_config.value(QStringLiteral("credHelpers")).toObject();
    for (auto it = helpers.begin(); it != helpers.end(); ++it) {
        if (toHostname(it.key()) == host)
            return runHelper(it.value().toString(), server, error);
    }
    const QString store = m_config.value(QStringLiteral("credsStore")).toString();
    if (!store.isEmpty())
        return runHelper(store, server, error);

    const QJsonObject auths = m_config.value(QStringLiteral("auths")).toObject();
    for (auto it = auths.begin(); it != auths.end(); ++it) {
        if (it.key() != server && toHostname(it.key()) != host)
            continue;
        const QJsonObject entry = it.value().toObject();
        Auth a;
        a.serverAddress = server;
        const QByteArray decoded = QByteArray::fromBase64(
            entry.value(QStringLiteral("auth")).toString().toLatin1());
        const qsizetype colon = decoded.indexOf(':');
        if (colon > 0) {
            a.username = QString::fromUtf8(decoded.left(colon));
            a.password = QString::fromUtf8(decoded.mid(colon + 1));
        } else if (!decoded.isEmpty() && error) {
            *error = QStringLiteral("the auth entry for %1 in config.json is not user:password")
                         .arg(it.key());
        }
        a.identityToken = entry.value(QStringLiteral("identitytoken")).toString();
        return a;
    }
    return {};
}

DockerCredentials::Auth DockerCredentials::runHelper(const QString &helper, const QString &server,
                                                     QString *error) const
{
    const QString program = QStringLiteral("docker-credential-") + helper;
    QProcess p;
    p.start(program, {QStringLiteral("get")});
    if (!p.waitForStarted(10000)) {
        if (error)
            *error = QStringLiteral("credential helper %1 could not be started").arg(program);
        return {};
    }
    p.write(server.toUtf8());
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        if (error)
            *error = QStringLiteral("credential helper %1 did not answer").arg(program);
        return {};
    }
    const QByteArray out = p.readAllStandardOutput();
    if (p.exitCode() != 0) {
        // "credentials not found" is the normal answer for a registry without a login.
        if (!out.contains("credentials not found") && error)
            *error = QStringLiteral("credential helper %1 failed: %2")
                         .arg(program, QString::fromUtf8(out + p.readAllStandardError())
                                           .trimmed());
        return {};
    }
    const QJsonObject o = QJsonDocument::fromJson(out).object();
    Auth a;
    a.serverAddress = server;
    const QString user = o.value(QStringLiteral("Username")).toString();
    const QString secret = o.value(QStringLiteral("Secret")).toString();
    if (user == QStringLiteral("<token>")) {
        a.identityToken = secret;
    } else {
        a.username = user;
        a.password = secret;
    }
    return a;
}

QByteArray DockerCredentials::registryConfigHeader() const
{
    QJsonObject all;
    const QJsonObject auths = m_config.value(QStringLiteral("auths")).toObject();
    for (auto it = auths.begin(); it != auths.end(); ++it) {
        const Auth a = lookup(toHostname(it.key()) == toHostname(kHubServer)
                                  ? QStringLiteral("docker.io")
                                  : it.key());
        if (!a.isEmpty())
            all.insert(it.key(), a.toJson());
    }
    return QJsonDocument(all).toJson(QJsonDocument::Compact).toBase64(
        QByteArray::Base64UrlEncoding);
}

} // namespace pw::core
