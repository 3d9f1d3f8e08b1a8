#pragma once

#include "core/http/httpresponse.h"

#include <QJsonObject>
#include <QString>

namespace pw::core {

// The outcome of one Kubernetes API request. Failures carry the Status object's reason and
// a message written for the user (the server's own text for 403/409/422, the transport's
// for an unreachable server or a TLS mismatch).
struct KubeResult
{
    bool ok = false;
    int status = 0;                       // HTTP status; 0 when no answer came
    HttpError transport = HttpError::None; // why no (good) answer came
    QString reason;                        // Status.reason: NotFound, Conflict, Expired, …
    QString message;
    QJsonObject object; // the body on success, the Status object on an HTTP error

    bool isNotFound() const { return status == 404; }
    bool isConflict() const { return status == 409; }
    // 410 Gone / reason Expired: the resourceVersion is older than the server's history.
    bool isGone() const { return status == 410 || reason == QLatin1String("Expired"); }
    // A 404 about this very object (its Status names it), not one from discovery while the
    // apiserver is still loading its API groups.
    bool isNotFoundFor(const QString &name) const
    {
        return status == 404
               && object.value(u"details").toObject().value(u"name").toString() == name;
    }
    // Worth repeating: no answer, an overloaded or restarting apiserver, or a 404 that is not
    // about the object `name` (discovery not ready yet). A missing namespace is an answer.
    bool isTransientFor(const QString &name) const
    {
        if (ok)
            return false;
        const bool namespaceMissing =
            object.value(u"details").toObject().value(u"kind").toString() == u"namespaces";
        return status == 0 || status == 429 || status >= 500
               || (status == 404 && !isNotFoundFor(name) && !namespaceMissing);
    }
};

} // namespace pw::core
