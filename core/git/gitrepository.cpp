#include "gitrepository.h"

#include "gitlibrary.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <git2.h>

#include <memory>

namespace pw::core {

namespace {

template<typename T, void (*Free)(T *)>
struct GitDeleter
{
    void operator()(T *p) const { Free(p); }
};
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using ObjectPtr = std::unique_ptr<git_object, GitDeleter<git_object, git_object_free>>;
using RefPtr = std::unique_ptr<git_reference, GitDeleter<git_reference, git_reference_free>>;
using WalkPtr = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk, git_revwalk_free>>;

QString stripSlash(const char *path)
{
    QString p = QString::fromUtf8(path ? path : "");
    while (p.size() > 1 && p.endsWith(QLatin1Char('/')))
        p.chop(1);
    return p;
}

QDateTime gitTime(const git_time &t)
{
    return QDateTime::fromSecsSinceEpoch(t.time, Qt::OffsetFromUTC, t.offset * 60);
}

bool parseOid(const QString &hex, git_oid *oid)
{
    const QByteArray bytes = hex.toLatin1();
    return hex.size() == GIT_OID_HEXSZ
        && git_oid_fromstrn(oid, bytes.constData(), size_t(bytes.size())) == 0;
}

} // namespace

GitRepository::GitRepository()
{
    GitLibrary::ensureInitialized();
}

GitRepository::~GitRepository()
{
    close();
}

void GitRepository::close()
{
    if (m_repo)
        git_repository_free(m_repo);
    m_repo = nullptr;
}

bool GitRepository::fail(const QString &context)
{
    m_error = context + QStringLiteral(": ") + GitLibrary::lastErrorMessage();
    return false;
}

bool GitRepository::open(const QString &path, OpenMode mode)
{
    close();
    m_error.clear();
    m_path = path;
    const QFileInfo info(path);
    if (!info.exists()) {
        m_error = QStringLiteral("%1 does not exist").arg(path);
        return false;
    }
    if (!info.isDir()) {
        m_error = QStringLiteral("%1 is not a directory").arg(path);
        return false;
    }
    const QByteArray native = QFile::encodeName(info.absoluteFilePath());
    const unsigned flags = mode == OpenMode::SearchUpwards ? 0u : unsigned(GIT_REPOSITORY_OPEN_NO_SEARCH);
    const int rc = git_repository_open_ext(&m_repo, native.constData(), flags, nullptr);
    if (rc == GIT_ENOTFOUND) {
        m_repo = nullptr;
        m_error = QStringLiteral("%1 is not a git repository (no .git found there)").arg(path);
        return false;
    }
    if (rc < 0) {
        m_repo = nullptr;
        return fail(QStringLiteral("cannot open the git repository at %1").arg(path));
    }
    if (mode != OpenMode::AllowBare && git_repository_is_bare(m_repo)) {
        close();
        m_error = QStringLiteral("%1 is a bare repository: a project needs a working tree "
                                 "(clone it, or watch it as a remote)")
                      .arg(path);
        return false;
    }
    return true;
}

QString GitRepository::workTree() const
{
    return m_repo ? stripSlash(git_repository_workdir(m_repo)) : QString();
}

QString GitRepository::gitDir() const
{
    return m_repo ? stripSlash(git_repository_path(m_repo)) : QString();
}

QString GitRepository::commonDir() const
{
    return m_repo ? stripSlash(git_repository_commondir(m_repo)) : QString();
}

bool GitRepository::isBare() const
{
    return m_repo && git_repository_is_bare(m_repo);
}

bool GitRepository::isShallow() const
{
    return m_repo && git_repository_is_shallow(m_repo) == 1;
}

bool GitRepository::isHeadDetached() const
{
    return m_repo && git_repository_head_detached(m_repo) == 1;
}

QString GitRepository::currentBranch()
{
    if (!m_repo) {
        m_error = QStringLiteral("no repository is open");
        return {};
    }
    git_reference *raw = nullptr;
    const int rc = git_repository_head(&raw, m_repo);
    RefPtr head(raw);
    if (rc == GIT_EUNBORNBRANCH) {
        m_error = QStringLiteral("HEAD of %1 points to a branch without commits yet")
                      .arg(m_path);
        return {};
    }
    if (rc < 0) {
        fail(QStringLiteral("cannot read HEAD of %1 (corrupted ref?)").arg(m_path));
        return {};
    }
    if (git_reference_is_branch(head.get()) == 0) {
        m_error = QStringLiteral("HEAD of %1 is detached at %2: no branch is checked out")
                      .arg(m_path, GitLibrary::formatOid(git_reference_target(head.get()))
                                       .left(10));
        return {};
    }
    return QString::fromUtf8(git_reference_shorthand(head.get()));
}

QString GitRepository::resolve(const QString &revision)
{
    if (!m_repo) {
        m_error = QStringLiteral("no repository is open");
        return {};
    }
    git_object *raw = nullptr;
    const QByteArray spec = revision.toUtf8();
    const int rc = git_revparse_single(&raw, m_repo, spec.constData());
    ObjectPtr object(raw);
    if (rc < 0) {
        fail(QStringLiteral("cannot resolve '%1' in %2").arg(revision, m_path));
        return {};
    }
    git_object *peeled = nullptr;
    if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0) {
        fail(QStringLiteral("'%1' in %2 is not a commit").arg(revision, m_path));
        return {};
    }
    ObjectPtr commit(peeled);
    return GitLibrary::formatOid(git_object_id(commit.get()));
}

QHash<QString, QString> GitRepository::tips(const QString &prefix, QStringList *problems,
                                            QStringList *unreadable)
{
    QHash<QString, QString> result;
    if (!m_repo)
        return result;
    git_reference_iterator *iterator = nullptr;
    // Filtered by prefix here: libgit2's glob would let '*' stop at '/' in some backends.
    if (git_reference_iterator_new(&iterator, m_repo) < 0) {
        if (problems)
            problems->append(QStringLiteral("cannot list refs of %1: %2")
                                 .arg(m_path, GitLibrary::lastErrorMessage()));
        return result;
    }
    for (;;) {
        git_reference *raw = nullptr;
        const int rc = git_reference_next(&raw, iterator);
        if (rc == GIT_ITEROVER)
            break;
        if (rc < 0) {
            // A loose ref file with garbage in it: libgit2 reports it and moves on.
            if (problems)
                problems->append(QStringLiteral("corrupted ref in %1: %2")
                                     .arg(m_path, GitLibrary::lastErrorMessage()));
            continue;
        }
        RefPtr ref(raw);
        const QString name = QString::fromUtf8(git_reference_name(ref.get()));
        if (!name.startsWith(prefix))
            continue;
        git_reference *resolvedRaw = nullptr;
        if (git_reference_resolve(&resolvedRaw, ref.get()) < 0) {
            // A symbolic ref such as refs/remotes/origin/HEAD whose target is gone.
            continue;
        }
        RefPtr resolved(resolvedRaw);
        if (git_reference_type(ref.get()) == GIT_REFERENCE_SYMBOLIC)
            continue; // origin/HEAD duplicates a real branch
        const git_oid *target = git_reference_target(resolved.get());
        if (target)
            result.insert(name.mid(prefix.size()), GitLibrary::formatOid(target));
    }
    git_reference_iterator_free(iterator);
    // libgit2's iterator silently skips loose ref files it cannot parse; a ref whose file is
    // there but was not listed is corrupted, and the user should hear about it.
    const QString looseRoot = commonDir() + QLatin1Char('/') + prefix;
    QDirIterator files(looseRoot, QDir::Files, QDirIterator::Subdirectories);
    while ((problems || unreadable) && files.hasNext()) {
        const QString name = files.next().mid(looseRoot.size());
        if (name.endsWith(QLatin1String(".lock")) || result.contains(name))
            continue;
        git_reference *raw = nullptr;
        const QByteArray full = (prefix + name).toUtf8();
        if (git_reference_lookup(&raw, m_repo, full.constData()) < 0) {
            if (unreadable)
                unreadable->append(name);
            if (problems)
                problems->append(QStringLiteral("ref %1%2 in %3 is corrupted: %4")
                                 .arg(prefix, name, m_path, GitLibrary::lastErrorMessage()));
        }
        git_reference_free(raw);
    }
    return result;
}

std::optional<GitCommitInfo> GitRepository::commit(const QString &oid)
{
    git_oid id;
    if (!m_repo || !parseOid(oid, &id)) {
        m_error = QStringLiteral("'%1' is not a commit id").arg(oid);
        return std::nullopt;
    }
    git_commit *raw = nullptr;
    if (git_commit_lookup(&raw, m_repo, &id) < 0) {
        fail(QStringLiteral("commit %1 is not in %2").arg(oid.left(10), m_path));
        return std::nullopt;
    }
    CommitPtr c(raw);
    GitCommitInfo info;
    info.oid = GitLibrary::formatOid(git_commit_id(c.get()));
    const unsigned parents = git_commit_parentcount(c.get());
    for (unsigned i = 0; i < parents; ++i)
        info.parents.append(GitLibrary::formatOid(git_commit_parent_id(c.get(), i)));
    if (const git_signature *author = git_commit_author(c.get())) {
        info.authorName = QString::fromUtf8(author->name);
        info.authorEmail = QString::fromUtf8(author->email);
        info.authorTime = gitTime(author->when);
    }
    if (const git_signature *committer = git_commit_committer(c.get())) {
        info.committerName = QString::fromUtf8(committer->name);
        info.committerTime = gitTime(committer->when);
    }
    info.message = QString::fromUtf8(git_commit_message(c.get()));
    return info;
}

QList<GitCommitInfo> GitRepository::recentCommits(const QString &revision, int limit)
{
    QList<GitCommitInfo> result;
    const QString tip = resolve(revision);
    if (tip.isEmpty())
        return result;
    QString oid = tip;
    while (!oid.isEmpty() && result.size() < limit) {
        const auto info = commit(oid);
        if (!info) // a shallow boundary or a missing object: stop where history stops
            break;
        result.append(*info);
        oid = info->parents.value(0);
    }
    return result;
}

bool GitRepository::isAncestor(const QString &ancestor, const QString &descendant)
{
    git_oid a, d;
    if (!m_repo || !parseOid(ancestor, &a) || !parseOid(descendant, &d))
        return false;
    if (git_oid_equal(&a, &d))
        return true;
    return git_graph_descendant_of(m_repo, &d, &a) == 1;
}

int GitRepository::countCommits(const QString &tip, const QStringList &hidden, int limit)
{
    git_oid id;
    if (!m_repo || !parseOid(tip, &id))
        return 0;
    git_revwalk *raw = nullptr;
    if (git_revwalk_new(&raw, m_repo) < 0)
        return 0;
    WalkPtr walk(raw);
    if (git_revwalk_push(walk.get(), &id) < 0)
        return 0;
    for (const QString &h : hidden) {
        git_oid hid;
        if (parseOid(h, &hid))
            git_revwalk_hide(walk.get(), &hid); // a hidden tip that is gone does not matter
    }
    int count = 0;
    git_oid next;
    while (count < limit && git_revwalk_next(&next, walk.get()) == 0)
        ++count;
    return count;
}

} // namespace pw::core
