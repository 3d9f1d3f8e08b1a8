#pragma once

#include "kubebackgroundtask.h"
#include "kubeconnection.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace pw::core {

// A live view of one collection: lists (or starts at a given resourceVersion), then watches
// with bookmarks, reconnecting from the last resourceVersion when the stream ends or the
// server goes away, and listing again when the server answers 410 Gone (the version fell
// out of its ~5 minute history), as HTTP status or as an ERROR event. The HTTP runs on a
// worker thread; signals arrive on the watch's thread. Owned by whoever shows or waits.
class KubeWatch : public QObject
{
    Q_OBJECT

public:
    // `query`: extra selectors, e.g. "fieldSelector=metadata.name%3Dweb". `ns` empty = the
    // context's namespace (ignored for cluster-scoped kinds).
    KubeWatch(KubeConnection connection, QString apiVersion, QString kind, QString ns = {},
              QString query = {}, QObject *parent = nullptr);
    ~KubeWatch() override;

    // Server-side end of each watch request; the watch then reconnects (default 300 s).
    void setTimeoutSeconds(int seconds) { m_timeoutSeconds = seconds; }
    // `resourceVersion` empty: list first. Otherwise watch from there (a stale one → relist).
    void start(const QString &resourceVersion = {});
    void stop();
    bool isRunning() const { return m_running; }
    QString resourceVersion() const { return m_resourceVersion; }

signals:
    // A full list: at the start and after each 410. `resourceVersion` is the list's.
    void listed(const QJsonArray &items, const QString &resourceVersion);
    // ADDED, MODIFIED or DELETED.
    void eventReceived(const QString &type, const QJsonObject &object);
    void bookmarkReceived(const QString &resourceVersion);
    // The server said 410 Gone; a new list follows.
    void relisting(const QString &message);
    // The stream broke (server restart, network); the watch keeps retrying with backoff.
    void connectionLost(const QString &message);
    // Retrying cannot help (unknown kind, 401, 403); the watch has stopped.
    void failed(const QString &message);

private:
    KubeConnection m_connection;
    QString m_apiVersion;
    QString m_kind;
    QString m_namespace;
    QString m_query;
    int m_timeoutSeconds = 300;
    QString m_resourceVersion;
    bool m_running = false;
    KubeBackgroundTask m_task;
};

} // namespace pw::core
