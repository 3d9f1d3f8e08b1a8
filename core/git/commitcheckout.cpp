#include "commitcheckout.h"

#include "gitlibrary.h"
#include "gitrepository.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <git2.h>

namespace pw::core {

namespace {

bool checkoutInto(const QString &repoPath, const QString &commit, const QString &workspace,
                  int depth, QString *error, QStringList *warnings);

// The submodules recorded in the checked-out .gitmodules: path -> name.
QList<QPair<QString, QString>> submodulesOf(const QString &workspace)
{
    QList<QPair<QString, QString>> result;
    const QString file = workspace + QStringLiteral("/.gitmodules");
    if (!QFileInfo::exists(file))
        return result;
    git_config *config = nullptr;
    const QByteArray native = QFile::encodeName(file);
    if (git_config_open_ondisk(&config, native.constData()) < 0)
        return result;
    git_config_iterator *it = nullptr;
    if (git_config_iterator_glob_new(&it, config, "^submodule\\..*\\.path$") == 0) {
        git_config_entry *entry = nullptr;
        while (git_config_next(&entry, it) == 0) {
            const QString key = QString::fromUtf8(entry->name);
            // submodule.<name>.path: the name may itself contain dots.
            const QString name = key.mid(10, key.size() - 10 - 5);
            result.append({QString::fromUtf8(entry->value), name});
        }
        git_config_iterator_free(it);
    }
    git_config_free(config);
    return result;
}

bool checkoutSubmodules(git_repository *repo, git_tree *tree, const QString &commonDir,
                        const QString &workTree, const QString &workspace, int depth,
                        QString *error, QStringList *warnings)
{
    for (const auto &[path, name] : submodulesOf(workspace)) {
        git_tree_entry *entry = nullptr;
        const QByteArray p = path.toUtf8();
        if (git_tree_entry_bypath(&entry, tree, p.constData()) < 0)
            continue; // declared but not recorded at this commit
        const bool isLink = git_tree_entry_filemode(entry) == GIT_FILEMODE_COMMIT;
        const QString oid = GitLibrary::formatOid(git_tree_entry_id(entry));
        git_tree_entry_free(entry);
        if (!isLink)
            continue;
        QString source = commonDir + QStringLiteral("/modules/") + name;
        if (!QFileInfo::exists(source) && !workTree.isEmpty())
            source = workTree + QLatin1Char('/') + path;
        GitRepository probe;
        if (!probe.open(source, GitRepository::OpenMode::AllowBare)) {
            if (warnings)
                warnings->append(QStringLiteral("submodule '%1' at %2 is not cloned locally; "
                                                "left empty")
                                     .arg(name, path));
            continue;
        }
        probe.close();
        QString subError;
        if (!checkoutInto(source, oid, workspace + QLatin1Char('/') + path, depth + 1,
                          &subError, warnings)) {
            if (error)
                *error = QStringLiteral("submodule '%1': %2").arg(name, subError);
            return false;
        }
    }
    Q_UNUSED(repo);
    return true;
}

bool checkoutInto(const QString &repoPath, const QString &commit, const QString &workspace,
                  int depth, QString *error, QStringList *warnings)
{
    if (depth > 8) {
        if (error)
            *error = QStringLiteral("submodules nested too deeply at %1").arg(workspace);
        return false;
    }
    GitRepository repo;
    if (!repo.open(repoPath, GitRepository::OpenMode::AllowBare)) {
        if (error)
            *error = repo.errorString();
        return false;
    }
    const QString oid = repo.resolve(commit);
    if (oid.isEmpty()) {
        if (error)
            *error = repo.errorString();
        return false;
    }
    const QString target = QDir::cleanPath(QFileInfo(workspace).absoluteFilePath());
    if (!repo.workTree().isEmpty()
        && QFileInfo(repo.workTree()).canonicalFilePath()
               == QFileInfo(target).canonicalFilePath()) {
        if (error)
            *error = QStringLiteral("refusing to check out into the working tree %1 itself")
                         .arg(target);
        return false;
    }
    QDir dir(target);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (error)
            *error = QStringLiteral("workspace %1 is not empty").arg(target);
        return false;
    }
    if (!QDir().mkpath(target)) {
        if (error)
            *error = QStringLiteral("cannot create workspace %1").arg(target);
        return false;
    }

    git_oid id;
    const QByteArray hex = oid.toLatin1();
    git_oid_fromstr(&id, hex.constData());
    git_commit *c = nullptr;
    git_tree *tree = nullptr;
    git_index *emptyIndex = nullptr;
    bool ok = false;
    if (git_commit_lookup(&c, repo.handle(), &id) < 0 || git_commit_tree(&tree, c) < 0) {
        if (error)
            *error = QStringLiteral("cannot read commit %1: %2")
                         .arg(oid.left(10), GitLibrary::lastErrorMessage());
    } else if (git_index_new(&emptyIndex) < 0) {
        if (error)
            *error = GitLibrary::lastErrorMessage();
    } else {
        const QByteArray targetNative = QFile::encodeName(target);
        git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
        // FORCE writes every file; DONT_UPDATE_INDEX keeps the repository's own index as it
        // is; an empty baseline makes every file of the tree "new" for the empty workspace,
        // so nothing is compared with (or taken from) the user's working tree.
        options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
        options.target_directory = targetNative.constData();
        options.baseline_index = emptyIndex;
        if (git_checkout_tree(repo.handle(), reinterpret_cast<git_object *>(tree), &options)
            < 0) {
            if (error)
                *error = QStringLiteral("cannot check out %1 into %2: %3")
                             .arg(oid.left(10), target, GitLibrary::lastErrorMessage());
        } else {
            ok = checkoutSubmodules(repo.handle(), tree, repo.commonDir(), repo.workTree(),
                                    target, depth, error, warnings);
        }
    }
    git_index_free(emptyIndex);
    git_tree_free(tree);
    git_commit_free(c);
    return ok;
}

} // namespace

CommitCheckout::CommitCheckout(QObject *parent)
    : QObject(parent)
{
}

CommitCheckout::~CommitCheckout()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void CommitCheckout::start(const QString &repoPath, const QString &commit,
                           const QString &workspace)
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
    m_thread = QThread::create([this, repoPath, commit, workspace] {
        QString error;
        QStringList warnings;
        const bool ok = checkout(repoPath, commit, workspace, &error, &warnings);
        // The destructor waits for the thread; a call queued to a destroyed object is dropped.
        QMetaObject::invokeMethod(
            this, [this, ok, error, warnings] { emit finished(ok, error, warnings); },
            Qt::QueuedConnection);
    });
    m_thread->start();
}

bool CommitCheckout::checkout(const QString &repoPath, const QString &commit,
                              const QString &workspace, QString *error, QStringList *warnings)
{
    return checkoutInto(repoPath, commit, workspace, 0, error, warnings);
}

} // namespace pw::core
