#include "remotefetcher.h"

#include "gitlibrary.h"
#include "gitrepository.h"

#include <QFile>
#include <QThread>
#include <QTimer>

#include <git2.h>

namespace pw::core {

namespace {

struct FetchPayload
{
    const RemoteCredentials *credentials = nullptr;
    const std::atomic_bool *cancel = nullptr;
    int attempts = 0;
};

int credentialCallback(git_credential **out, const char *url, const char *userFromUrl,
                       unsigned int allowed, void *payloadPtr)
{
    Q_UNUSED(url);
    auto *payload = static_cast<FetchPayload *>(payloadPtr);
    const RemoteCredentials &c = *payload->credentials;
    // libgit2 calls again after a rejected credential; a bounded number of tries keeps a
    // wrong token from looping forever.
    if (++payload->attempts > 3)
        return GIT_EAUTH;
    const QByteArray user = !c.userName.isEmpty() ? c.userName.toUtf8()
        : userFromUrl                              ? QByteArray(userFromUrl)
        : (allowed & GIT_CREDENTIAL_SSH_KEY)        ? QByteArray("git")
                                                    : QByteArray("x-access-token");
    if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
        if (c.useSshAgent && payload->attempts == 1)
            return git_credential_ssh_key_from_agent(out, user.constData());
        if (!c.sshPrivateKey.isEmpty()) {
            const QByteArray priv = QFile::encodeName(c.sshPrivateKey);
            const QByteArray pub = QFile::encodeName(c.sshPublicKey);
            const QByteArray pass = c.sshPassphrase.toUtf8();
            return git_credential_ssh_key_new(out, user.constData(),
                                              pub.isEmpty() ? nullptr : pub.constData(),
                                              priv.constData(),
                                              pass.isEmpty() ? nullptr : pass.constData());
        }
    }
    if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && !c.token.isEmpty()) {
        const QByteArray token = c.token.toUtf8();
        return git_credential_userpass_plaintext_new(out, user.constData(), token.constData());
    }
    return GIT_PASSTHROUGH; // nothing to offer: libgit2 reports the authentication failure
}

int progressCallback(const git_indexer_progress *, void *payloadPtr)
{
    auto *payload = static_cast<FetchPayload *>(payloadPtr);
    return payload->cancel && payload->cancel->load() ? -1 : 0;
}

} // namespace

RemoteFetcher::RemoteFetcher(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &RemoteFetcher::fetchNow);
}

RemoteFetcher::~RemoteFetcher()
{
    stop();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void RemoteFetcher::setInterval(int ms)
{
    m_intervalMs = ms;
    if (m_timer->isActive()) {
        if (ms > 0)
            m_timer->start(ms);
        else
            m_timer->stop();
    }
}

void RemoteFetcher::start()
{
    if (m_intervalMs > 0)
        m_timer->start(m_intervalMs);
    fetchNow();
}

void RemoteFetcher::stop()
{
    m_timer->stop();
    if (m_cancel)
        m_cancel->store(true);
}

void RemoteFetcher::fetchNow()
{
    if (m_thread)
        return;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    const QString repoPath = m_repoPath;
    const QString remote = m_remote;
    const RemoteCredentials credentials = m_credentials;
    const auto cancel = m_cancel;
    m_thread = QThread::create([this, repoPath, remote, credentials, cancel] {
        QString error;
        const bool ok = fetch(repoPath, remote, credentials, cancel.get(), &error);
        // The destructor waits for this thread, so `this` is alive here; the queued call is
        // discarded by Qt if the fetcher is destroyed before it is delivered.
        QMetaObject::invokeMethod(
            this, [this, ok, error] { onFinished(ok, error); }, Qt::QueuedConnection);
    });
    m_thread->start();
}

void RemoteFetcher::onFinished(bool ok, const QString &error)
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    emit fetchFinished(ok, error);
}

bool RemoteFetcher::fetch(const QString &repoPath, const QString &remoteName,
                          const RemoteCredentials &credentials, const std::atomic_bool *cancel,
                          QString *error)
{
    GitRepository repo;
    if (!repo.open(repoPath, GitRepository::OpenMode::AllowBare)) {
        if (error)
            *error = repo.errorString();
        return false;
    }
    git_remote *remote = nullptr;
    const QByteArray name = remoteName.toUtf8();
    if (git_remote_lookup(&remote, repo.handle(), name.constData()) < 0) {
        if (error)
            *error = QStringLiteral("%1 has no remote named '%2'").arg(repoPath, remoteName);
        return false;
    }
    const QString url = QString::fromUtf8(git_remote_url(remote));
    FetchPayload payload;
    payload.credentials = &credentials;
    payload.cancel = cancel;
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.callbacks.credentials = credentialCallback;
    options.callbacks.transfer_progress = progressCallback;
    options.callbacks.payload = &payload;
    options.prune = GIT_FETCH_PRUNE;
    const int rc = git_remote_fetch(remote, nullptr, &options, "pipewright: fetch");
    const QString message = rc < 0 ? GitLibrary::lastErrorMessage() : QString();
    git_remote_free(remote);
    if (rc < 0) {
        if (error) {
            if (cancel && cancel->load())
                *error = QStringLiteral("fetch of '%1' cancelled").arg(remoteName);
            else
                *error = QStringLiteral("cannot fetch remote '%1' (%2): %3")
                             .arg(remoteName, url, message);
        }
        return false;
    }
    return true;
}

} // namespace pw::core
