#include "demoproject.h"

#include "gitlibrary.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <git2.h>

#include <memory>

// Outside any namespace, as Q_INIT_RESOURCE requires; a static library's resources are only
// linked in when something calls their initialiser.
static void initDemoResources()
{
    Q_INIT_RESOURCE(demo);
}

namespace pw::core {

namespace {

const QString Root = QStringLiteral(":/pipewright/demo");

template<typename T, void (*Free)(T *)>
struct GitDeleter
{
    void operator()(T *p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using IndexPtr = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using TreePtr = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using SigPtr = std::unique_ptr<git_signature, GitDeleter<git_signature, git_signature_free>>;

void ensureResources()
{
    static const bool done = [] {
        initDemoResources();
        return true;
    }();
    Q_UNUSED(done);
}

bool gitFailed(DemoProject::Result *r, const QString &what)
{
    r->error = QStringLiteral("%1: %2").arg(what, GitLibrary::lastErrorMessage());
    return false;
}

// git init -b main, add everything, commit.
bool commitAll(const QString &dir, DemoProject::Result *r)
{
    GitLibrary::ensureInitialized();
    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.flags = GIT_REPOSITORY_INIT_MKPATH;
    options.initial_head = "main";
    git_repository *rawRepo = nullptr;
    if (git_repository_init_ext(&rawRepo, QFile::encodeName(dir).constData(), &options) != 0)
        return gitFailed(r, QStringLiteral("git init"));
    RepoPtr repo(rawRepo);

    git_index *rawIndex = nullptr;
    if (git_repository_index(&rawIndex, repo.get()) != 0)
        return gitFailed(r, QStringLiteral("git index"));
    IndexPtr index(rawIndex);
    if (git_index_add_all(index.get(), nullptr, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr) != 0
        || git_index_write(index.get()) != 0)
        return gitFailed(r, QStringLiteral("git add"));
    git_oid treeId;
    if (git_index_write_tree(&treeId, index.get()) != 0)
        return gitFailed(r, QStringLiteral("git write-tree"));
    git_tree *rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repo.get(), &treeId) != 0)
        return gitFailed(r, QStringLiteral("git tree"));
    TreePtr tree(rawTree);

    // The user's name and email from their git configuration, else Pipewright's own.
    git_signature *rawSig = nullptr;
    if (git_signature_default(&rawSig, repo.get()) != 0
        && git_signature_now(&rawSig, "Pipewright", "pipewright@localhost") != 0)
        return gitFailed(r, QStringLiteral("git signature"));
    SigPtr sig(rawSig);

    git_oid commitId;
    if (git_commit_create(&commitId, repo.get(), "HEAD", sig.get(), sig.get(), nullptr,
                          "Demo project: digit classifier from Pipewright\n", tree.get(), 0,
                          nullptr)
        != 0)
        return gitFailed(r, QStringLiteral("git commit"));
    r->commit = GitLibrary::formatOid(&commitId);
    return true;
}

} // namespace

QStringList DemoProject::files()
{
    ensureResources();
    QStringList out;
    QDirIterator it(Root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next().mid(Root.size() + 1);
    out.sort();
    return out;
}

QByteArray DemoProject::fileContent(const QString &relativePath)
{
    ensureResources();
    QFile f(Root + u'/' + relativePath);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

DemoProject::Result DemoProject::create(const QString &directory)
{
    Result r;
    r.directory = QFileInfo(directory).absoluteFilePath();
    const QDir dir(r.directory);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)) {
        r.error = QStringLiteral("%1 is not empty: the demo goes into a new or empty folder")
                      .arg(r.directory);
        return r;
    }
    const QStringList names = files();
    if (names.isEmpty()) {
        r.error = QStringLiteral("this build of Pipewright holds no demo project");
        return r;
    }
    for (const QString &name : names) {
        const QString target = dir.filePath(name);
        if (!QDir().mkpath(QFileInfo(target).absolutePath())) {
            r.error = QStringLiteral("cannot create %1").arg(QFileInfo(target).absolutePath());
            return r;
        }
        QSaveFile out(target);
        if (!out.open(QIODevice::WriteOnly) || out.write(fileContent(name)) < 0 || !out.commit()) {
            r.error = QStringLiteral("cannot write %1: %2").arg(target, out.errorString());
            return r;
        }
        // Resources carry no mode bits: scripts are made executable by their name.
        QFileDevice::Permissions mode = QFileDevice::ReadOwner | QFileDevice::WriteOwner
            | QFileDevice::ReadGroup | QFileDevice::ReadOther;
        if (name.endsWith(QLatin1String(".sh")))
            mode |= QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther;
        QFile::setPermissions(target, mode);
    }
    if (!commitAll(r.directory, &r))
        return r;
    r.pipelineFile = dir.filePath(QStringLiteral(".pipewright.yml"));
    r.ok = true;
    return r;
}

} // namespace pw::core
