#include "kubediscovery.h"

#include "kubeclient.h"

#include <QHash>
#include <QJsonArray>
#include <QList>

#include <mutex>

namespace pw::core {

namespace {

struct Cache
{
    std::mutex mutex;
    // key: server URL + ' ' + groupVersion
    QHash<QString, QList<KubeResource>> lists;
};

Cache &cache()
{
    static Cache c;
    return c;
}

std::optional<KubeResource> pick(const QList<KubeResource> &list, const QString &kind)
{
    for (const KubeResource &r : list) {
        if (r.kind == kind)
            return r;
    }
    return std::nullopt;
}

} // namespace

void KubeDiscovery::clearCache()
{
    std::lock_guard lock(cache().mutex);
    cache().lists.clear();
}

std::optional<KubeResource> KubeDiscovery::find(const KubeClient &client,
                                                const QString &apiVersion, const QString &kind,
                                                QString *error, KubeResult *failure)
{
    if (apiVersion.isEmpty() || kind.isEmpty()) {
        *error = QStringLiteral("the object has no apiVersion or kind");
        return std::nullopt;
    }
    const QString key = client.connection().endpoint().baseUrl + u' ' + apiVersion;
    {
        std::lock_guard lock(cache().mutex);
        auto it = cache().lists.constFind(key);
        if (it != cache().lists.cend()) {
            if (auto r = pick(*it, kind))
                return r;
        }
    }
    const qsizetype slash = apiVersion.indexOf(u'/');
    KubeResource base;
    if (slash < 0) {
        base.version = apiVersion;
    } else {
        base.group = apiVersion.left(slash);
        base.version = apiVersion.mid(slash + 1);
    }
    const KubeResult res = client.request("GET", base.basePath());
    if (!res.ok) {
        if (failure)
            *failure = res;
        if (res.status == 404) {
            *error = QStringLiteral("unknown apiVersion '%1': the server does not serve it")
                         .arg(apiVersion);
        } else {
            *error = res.message;
        }
        return std::nullopt;
    }
    QList<KubeResource> list;
    const QJsonArray resources = res.object.value(QStringLiteral("resources")).toArray();
    for (const QJsonValue &v : resources) {
        const QJsonObject o = v.toObject();
        KubeResource r = base;
        r.name = o.value(QStringLiteral("name")).toString();
        if (r.name.contains(u'/'))
            continue; // a subresource such as deployments/status
        r.kind = o.value(QStringLiteral("kind")).toString();
        r.namespaced = o.value(QStringLiteral("namespaced")).toBool();
        list.append(r);
    }
    {
        std::lock_guard lock(cache().mutex);
        cache().lists.insert(key, list);
    }
    if (auto r = pick(list, kind))
        return r;
    *error = QStringLiteral("unknown kind '%1' in apiVersion '%2'").arg(kind, apiVersion);
    return std::nullopt;
}

} // namespace pw::core
