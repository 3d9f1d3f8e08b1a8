#pragma once

#include "kuberesource.h"
#include "kuberesult.h"

#include <QString>

#include <optional>

namespace pw::core {

class KubeClient;

// Maps apiVersion/kind to REST resources through the API's discovery documents
// (GET /api/v1, /apis/{group}/{version}). Results are cached per server for the process; a
// kind missing from a cached list triggers one refetch, so CRDs created later are found.
// Thread-safe: every worker thread shares the cache.
class KubeDiscovery
{
public:
    // On failure *error says why; *failure (optional) keeps the request's status/transport.
    static std::optional<KubeResource> find(const KubeClient &client, const QString &apiVersion,
                                            const QString &kind, QString *error,
                                            KubeResult *failure = nullptr);
    static void clearCache();
};

} // namespace pw::core
