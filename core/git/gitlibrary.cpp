#include "gitlibrary.h"

#include <git2.h>

#include <mutex>

namespace pw::core {

void GitLibrary::ensureInitialized()
{
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

QString GitLibrary::lastErrorMessage()
{
    const git_error *error = git_error_last();
    if (error == nullptr || error->message == nullptr)
        return QStringLiteral("unknown libgit2 error");
    return QString::fromUtf8(error->message);
}

QString GitLibrary::formatOid(const void *oid)
{
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, static_cast<const git_oid *>(oid));
    return QString::fromLatin1(hex);
}

} // namespace pw::core
