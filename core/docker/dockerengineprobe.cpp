#include "dockerengineprobe.h"

#include "dockerclient.h"

#include <QJsonObject>
#include <QPointer>
#include <QThread>

namespace pw::core {

DockerEngineProbe::~DockerEngineProbe()
{
    if (m_thread) {
        // The client's calls have timeouts, so this wait is bounded.
        m_thread->wait();
        delete m_thread;
    }
}

void DockerEngineProbe::probe()
{
    if (m_thread)
        return;
    QPointer<DockerEngineProbe> self(this);
    m_thread = QThread::create([self] {
        DockerClient client;
        QJsonObject version;
        bool ok = client.negotiate() && client.version(&version);
        const QString summary = ok ? QStringLiteral("Docker %1 (API %2)")
                                         .arg(version.value(QStringLiteral("Version")).toString(),
                                              client.apiVersion())
                                   : client.errorMessage();
        QMetaObject::invokeMethod(
            self.data(),
            [self, ok, summary] {
                if (!self)
                    return;
                self->m_thread->wait();
                delete self->m_thread;
                self->m_thread = nullptr;
                emit self->finished(ok, summary);
            },
            Qt::QueuedConnection);
    });
    m_thread->start();
}

} // namespace pw::core
