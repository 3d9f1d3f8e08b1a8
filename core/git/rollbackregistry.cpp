#include "rollbackregistry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace pw::core {

RollbackRegistry::RollbackRegistry(const QString &filePath)
    : m_path(filePath)
{
}

QString RollbackRegistry::defaultPath(const QString &gitCommonDir)
{
    return gitCommonDir + QStringLiteral("/pipewright/rollbacks.json");
}

bool RollbackRegistry::load()
{
    m_marks.clear();
    m_error.clear();
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        m_error = QStringLiteral("%1 is not a rollback record: %2")
                      .arg(m_path, parseError.errorString());
        return false;
    }
    const QJsonArray marks = doc.object().value(QStringLiteral("rollbacks")).toArray();
    for (const QJsonValue &value : marks) {
        const QJsonObject o = value.toObject();
        Mark mark;
        mark.commit = o.value(QStringLiteral("commit")).toString();
        mark.environment = o.value(QStringLiteral("environment")).toString();
        mark.at = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODate);
        mark.reason = o.value(QStringLiteral("reason")).toString();
        if (!mark.commit.isEmpty())
            m_marks.append(mark);
    }
    return true;
}

bool RollbackRegistry::save()
{
    QJsonArray marks;
    for (const Mark &mark : std::as_const(m_marks)) {
        marks.append(QJsonObject{
            {QStringLiteral("commit"), mark.commit},
            {QStringLiteral("environment"), mark.environment},
            {QStringLiteral("at"), mark.at.toString(Qt::ISODateWithMs)},
            {QStringLiteral("reason"), mark.reason},
        });
    }
    QDir().mkpath(QFileInfo(m_path).path());
    QSaveFile file(m_path); // written whole or not at all
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                         {QStringLiteral("rollbacks"), marks}})
                   .toJson());
    if (!file.commit()) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

bool RollbackRegistry::markRolledBack(const QString &commit, const QString &environment,
                                      const QString &reason)
{
    if (!load())
        return false;
    m_marks.erase(std::remove_if(m_marks.begin(), m_marks.end(),
                                 [&](const Mark &m) {
                                     return m.commit == commit && m.environment == environment;
                                 }),
                  m_marks.end());
    m_marks.append(Mark{commit, environment, QDateTime::currentDateTimeUtc(), reason});
    return save();
}

bool RollbackRegistry::clear(const QString &commit, const QString &environment)
{
    if (!load())
        return false;
    m_marks.erase(std::remove_if(m_marks.begin(), m_marks.end(),
                                 [&](const Mark &m) {
                                     return m.commit == commit
                                         && (environment.isEmpty()
                                             || m.environment == environment);
                                 }),
                  m_marks.end());
    return save();
}

std::optional<RollbackRegistry::Mark> RollbackRegistry::find(const QString &commit)
{
    load();
    for (auto it = m_marks.crbegin(); it != m_marks.crend(); ++it) {
        if (it->commit == commit)
            return *it;
    }
    return std::nullopt;
}

} // namespace pw::core
