#pragma once

#include <QString>

namespace pw::core {

// One REST resource found by discovery: where objects of a kind live.
struct KubeResource
{
    QString group;   // empty for the core group
    QString version;
    QString name;    // plural, as in the URL: "deployments"
    QString kind;
    bool namespaced = true;

    QString groupVersion() const { return group.isEmpty() ? version : group + u'/' + version; }
    // "/api/v1" or "/apis/apps/v1"
    QString basePath() const
    {
        return group.isEmpty() ? QStringLiteral("/api/") + version
                               : QStringLiteral("/apis/") + group + u'/' + version;
    }
    // kubectl's "deployment.apps" style used in messages
    QString displayName() const
    {
        QString singular = kind.toLower();
        return group.isEmpty() ? singular : singular + u'.' + group;
    }
};

} // namespace pw::core
