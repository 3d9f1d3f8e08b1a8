#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace pw::core {

// One line of a Kubernetes watch stream, decoded: `{"type":"ADDED","object":{...}}`, a
// BOOKMARK carrying only a resourceVersion, or an ERROR carrying a Status. 410 Gone comes as
// an ERROR event whose Status has code 410 (or reason Expired), not as an HTTP status, once
// the stream is open. Lines that are no event (blank, not JSON, an unknown type) are Ignored.
// A plain value made by KubeWatch's stream callback.
struct KubeWatchEvent
{
    enum class Kind {
        Ignored,
        Changed,
        Bookmark,
        Gone,
        Error
    };

    Kind kind = Kind::Ignored;
    QString type;            // ADDED, MODIFIED or DELETED for Changed
    QJsonObject object;      // the resource for Changed
    QString resourceVersion; // the object's metadata.resourceVersion (may be empty)
    QString message;         // the Status message for Gone and Error

    static KubeWatchEvent fromLine(const QByteArray &line);
};

} // namespace pw::core
