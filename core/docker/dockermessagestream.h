#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <functional>

namespace pw::core {

// Turns the newline-delimited JSON messages of /build, /images/create and /push into log
// lines. Docker answers these with 200 and reports failures *inside* the stream as
// {"errorDetail":{"code","message"},"error"} (moby pkg/streamformatter), so every message
// is checked; `aux` carries the built image ID ({"ID"}) or the pushed digest ({"Digest"}).
class DockerMessageStream
{
public:
    using LineSink = std::function<void(const QString &line)>;

    explicit DockerMessageStream(LineSink sink) : m_sink(std::move(sink)) {}

    void feed(const QByteArray &jsonLine);
    void finish(); // flushes text that did not end with a newline

    bool failed() const { return !m_error.isEmpty(); }
    QString errorMessage() const { return m_error; }
    int errorCode() const { return m_errorCode; }
    QString imageId() const { return m_imageId; }
    QString digest() const { return m_digest; }

private:
    void emitText(const QString &text);

    LineSink m_sink;
    QString m_partial; // "stream" text carries its own newlines, possibly split
    QHash<QString, QString> m_lastStatus; // per layer id: progress ticks are not repeated
    QString m_error;
    int m_errorCode = 0;
    QString m_imageId;
    QString m_digest;
};

} // namespace pw::core
