#pragma once

#include <QObject>
#include <QString>

namespace pw::core {

// Asks the Docker Engine for its version off the calling thread, for the status bar: either
// "Docker 28.2.2 (API 1.50)" or the reason it cannot be reached (which socket, what to do).
// Owned by whoever shows the result; probing again while a probe runs is ignored.
class DockerEngineProbe : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~DockerEngineProbe() override;

    void probe();

signals:
    void finished(bool reachable, const QString &summary);

private:
    class QThread *m_thread = nullptr;
};

} // namespace pw::core
