#include "stepcontext.h"

#include <QCryptographicHash>
#include <QDir>
#include <QRegularExpression>

namespace pw::core {

namespace {

QString expandVariables(const QString &text, const QProcessEnvironment &env)
{
    static const QRegularExpression ref(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    QString out;
    qsizetype last = 0;
    auto it = ref.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        out += env.contains(name) ? env.value(name) : m.captured(0);
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

QVariantMap expandMap(const QVariantMap &params, const QProcessEnvironment &env)
{
    QVariantMap out;
    for (auto it = params.begin(); it != params.end(); ++it) {
        const QVariant &v = it.value();
        if (v.typeId() == QMetaType::QString) {
            out.insert(it.key(), expandVariables(v.toString(), env));
        } else if (v.typeId() == QMetaType::QStringList) {
            QStringList list;
            for (const QString &item : v.toStringList())
                list << expandVariables(item, env);
            out.insert(it.key(), list);
        } else if (v.typeId() == QMetaType::QVariantMap) {
            out.insert(it.key(), expandMap(v.toMap(), env));
        } else {
            out.insert(it.key(), v);
        }
    }
    return out;
}

} // namespace

QString runKey(const QString &dataDirectory, qint64 runId)
{
    const QByteArray hash = QCryptographicHash::hash(
        QDir(dataDirectory).absolutePath().toUtf8(), QCryptographicHash::Sha1);
    return QString::fromLatin1(hash.toHex().left(12)) + u'-' + QString::number(runId);
}

QString StepContext::expand(const QString &text) const
{
    return expandVariables(text, env);
}

QVariantMap StepContext::expandedParams() const
{
    return expandMap(step.params, env);
}

} // namespace pw::core
