#include "secretloader.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QStandardPaths>

#include <sys/stat.h>

namespace pw::core {

QString SecretLoader::defaultSecretsFile()
{
    const QString fromEnv = qEnvironmentVariable("PIPEWRIGHT_SECRETS_FILE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.config/pipewright");
    return dir + QStringLiteral("/secrets");
}

SecretLoader::Result SecretLoader::load(const QList<SecretRef> &refs, const QString &secretsFile)
{
    Result result;
    QHash<QString, QString> fileValues;
    bool fileRead = false;
    const QString path = secretsFile.isEmpty() ? defaultSecretsFile() : secretsFile;

    for (const SecretRef &ref : refs) {
        if (!ref.fromFile.isEmpty()) {
            if (!fileRead) {
                fileRead = true;
                struct stat st {};
                if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
                    result.error = QStringLiteral("secret %1: the secrets file %2 does not exist")
                                       .arg(ref.name, path);
                    return result;
                }
                // Like ssh with its keys: a file others can read is refused, not used.
                if ((st.st_mode & 077) != 0) {
                    result.error = QStringLiteral("the secrets file %1 has mode %2; it must not be"
                                                  " accessible by group or others (chmod 600)")
                                       .arg(path)
                                       .arg(st.st_mode & 0777, 4, 8, QLatin1Char('0'));
                    return result;
                }
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly)) {
                    result.error = QStringLiteral("cannot read the secrets file %1: %2")
                                       .arg(path, file.errorString());
                    return result;
                }
                while (!file.atEnd()) {
                    const QString line = QString::fromUtf8(file.readLine()).trimmed();
                    if (line.isEmpty() || line.startsWith(u'#'))
                        continue;
                    const int eq = line.indexOf(u'=');
                    if (eq > 0)
                        fileValues.insert(line.left(eq).trimmed(), line.mid(eq + 1));
                }
            }
            if (!fileValues.contains(ref.fromFile)) {
                result.error = QStringLiteral("secret %1: key %2 is not in the secrets file %3")
                                   .arg(ref.name, ref.fromFile, path);
                return result;
            }
            result.values.append({ref.name, fileValues.value(ref.fromFile)});
        } else {
            const QString var = ref.fromEnv.isEmpty() ? ref.name : ref.fromEnv;
            if (!qEnvironmentVariableIsSet(var.toLocal8Bit().constData())) {
                result.error = QStringLiteral("secret %1: environment variable %2 is not set")
                                   .arg(ref.name, var);
                return result;
            }
            result.values.append({ref.name, qEnvironmentVariable(var.toLocal8Bit().constData())});
        }
    }
    // A value of a few characters would be masked everywhere it occurs (every "x" of a path
    // printed as ***), corrupting the logs while hiding nothing: refused.
    for (const auto &[name, value] : std::as_const(result.values)) {
        if (value.size() < MinimumLength) {
            result.error = QStringLiteral("secret %1: its value has %2 character(s); secrets "
                                          "shorter than %3 characters are refused (they would "
                                          "be masked everywhere they occur in the logs)")
                               .arg(name)
                               .arg(value.size())
                               .arg(MinimumLength);
            result.values.clear();
            return result;
        }
    }
    return result;
}

} // namespace pw::core
