#pragma once

#include <QMetaType>
#include <QString>

namespace pw::core {

// One change of a branch tip seen by BranchWatcher: one push, however many commits it
// brought. Oids are 40 hex digits; oldOid is empty for a new branch, newOid for a deleted one.
struct BranchEvent
{
    enum class Kind {
        Created,
        FastForward, // the old tip is an ancestor of the new one
        ForcePush,   // history was rewritten: the old tip is no longer reachable
        Deleted,
    };

    QString branch; // "main", "feature/x" (without refs/heads/ or refs/remotes/<remote>/)
    QString oldOid;
    QString newOid;
    Kind kind = Kind::FastForward;
    int commitCount = 0; // commits new to the branch (0 for a deletion)

    bool operator==(const BranchEvent &) const = default;
};

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::BranchEvent)
