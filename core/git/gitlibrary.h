#pragma once

#include <QString>

namespace pw::core {

// Process-wide libgit2 setup shared by the git module's classes. libgit2 must be initialised
// once before any call; it is never shut down because repositories may be open on worker
// threads until the process exits.
class GitLibrary
{
public:
    static void ensureInitialized();
    // The message of the last libgit2 error on this thread (libgit2 keeps it per thread), or
    // a generic one when libgit2 gave none.
    static QString lastErrorMessage();
    static QString formatOid(const void *oid); // a const git_oid *, as 40 hex digits
};

} // namespace pw::core
