#include "dockermessagestream.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace pw::core {

void DockerMessageStream::emitText(const QString &text)
{
    m_partial += text;
    qsizetype start = 0;
    for (qsizetype nl; (nl = m_partial.indexOf(QLatin1Char('\n'), start)) >= 0; start = nl + 1) {
        QString line = m_partial.mid(start, nl - start);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (m_sink)
            m_sink(line);
    }
    m_partial.remove(0, start);
}

void DockerMessageStream::feed(const QByteArray &jsonLine)
{
    if (jsonLine.trimmed().isEmpty())
        return;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(jsonLine, &parseError);
    if (!doc.isObject()) {
        emitText(QString::fromUtf8(jsonLine) + QLatin1Char('\n'));
        return;
    }
    const QJsonObject msg = doc.object();
    if (msg.contains(QStringLiteral("errorDetail")) || msg.contains(QStringLiteral("error"))) {
        const QJsonObject detail = msg.value(QStringLiteral("errorDetail")).toObject();
        QString message = detail.value(QStringLiteral("message")).toString();
        if (message.isEmpty())
            message = msg.value(QStringLiteral("error")).toString();
        if (m_error.isEmpty()) {
            m_error = message.trimmed();
            // The CLI exits with the error's code, or 1 without one.
            m_errorCode = detail.value(QStringLiteral("code")).toInt(1);
        }
        emitText(message.trimmed() + QLatin1Char('\n'));
        return;
    }
    if (msg.contains(QStringLiteral("stream")))
        emitText(msg.value(QStringLiteral("stream")).toString());
    if (msg.contains(QStringLiteral("status"))) {
        const QString id = msg.value(QStringLiteral("id")).toString();
        const QString status = msg.value(QStringLiteral("status")).toString();
        // Layer progress arrives many times a second; one line per state change is enough.
        if (id.isEmpty()) {
            emitText(status + QLatin1Char('\n'));
        } else if (m_lastStatus.value(id) != status) {
            m_lastStatus.insert(id, status);
            emitText(id + QStringLiteral(": ") + status + QLatin1Char('\n'));
        }
    }
    const QJsonObject aux = msg.value(QStringLiteral("aux")).toObject();
    if (aux.contains(QStringLiteral("ID")))
        m_imageId = aux.value(QStringLiteral("ID")).toString();
    if (aux.contains(QStringLiteral("Digest")))
        m_digest = aux.value(QStringLiteral("Digest")).toString();
}

void DockerMessageStream::finish()
{
    if (!m_partial.isEmpty())
        emitText(QStringLiteral("\n"));
}

} // namespace pw::core
