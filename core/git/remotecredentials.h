#pragma once

#include <QString>

namespace pw::core {

// How RemoteFetcher authenticates. Values come from the user's settings or secrets file,
// never from the repository. For https a token is sent as the password (the user name
// defaults to the one the URL names, else "x-access-token", which GitHub and GitLab
// accept); for ssh the agent is asked first, then the key files if given.
struct RemoteCredentials
{
    QString userName;
    QString token;
    QString sshPrivateKey; // path
    QString sshPublicKey;  // path; may be empty
    QString sshPassphrase;
    bool useSshAgent = true;
};

} // namespace pw::core
