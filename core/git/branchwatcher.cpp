#include "branchwatcher.h"

#include "gitrepository.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSet>
#include <QTimer>

namespace pw::core {

BranchWatcher::BranchWatcher(QObject *parent)
    : QObject(parent)
    , m_pollTimer(new QTimer(this))
    , m_settleTimer(new QTimer(this))
{
    m_settleTimer->setSingleShot(true);
    connect(m_settleTimer, &QTimer::timeout, this, &BranchWatcher::rescan);
    connect(m_pollTimer, &QTimer::timeout, this, &BranchWatcher::rescan);
}

BranchWatcher::~BranchWatcher() = default;

void BranchWatcher::setPollInterval(int ms)
{
    m_pollMs = ms;
    if (isRunning()) {
        if (ms > 0)
            m_pollTimer->start(ms);
        else
            m_pollTimer->stop();
    }
}

bool BranchWatcher::start(const QString &repositoryPath)
{
    stop();
    m_error.clear();
    auto repo = std::make_unique<GitRepository>();
    if (!repo->open(repositoryPath, GitRepository::OpenMode::AllowBare)) {
        m_error = repo->errorString();
        return false;
    }
    m_repo = std::move(repo);
    QStringList problems;
    m_tips = m_repo->tips(m_prefix, &problems);
    m_lastProblems = problems;
    for (const QString &p : problems)
        emit problem(p);
    if (m_useFsWatcher) {
        m_fsWatcher = new QFileSystemWatcher(this);
        connect(m_fsWatcher, &QFileSystemWatcher::directoryChanged, this,
                &BranchWatcher::scheduleScan);
        connect(m_fsWatcher, &QFileSystemWatcher::fileChanged, this,
                &BranchWatcher::scheduleScan);
        updateWatchedPaths();
    }
    if (m_pollMs > 0)
        m_pollTimer->start(m_pollMs);
    return true;
}

void BranchWatcher::stop()
{
    m_pollTimer->stop();
    m_settleTimer->stop();
    delete m_fsWatcher;
    m_fsWatcher = nullptr;
    m_repo.reset();
    m_tips.clear();
}

bool BranchWatcher::isRunning() const
{
    return m_repo != nullptr;
}

bool BranchWatcher::isWatchingFileSystem() const
{
    return m_fsWatcher && !m_fsWatcher->directories().isEmpty();
}

void BranchWatcher::scheduleScan()
{
    // Restarting the timer would let a steady stream of events (a long rebase) starve the
    // scan; a running timer is left alone so the scan happens at most m_settleMs late.
    if (!m_settleTimer->isActive())
        m_settleTimer->start(m_settleMs);
}

void BranchWatcher::updateWatchedPaths()
{
    if (!m_fsWatcher || !m_repo)
        return;
    const QString common = m_repo->commonDir();
    // Git replaces refs and packed-refs by renaming a lock file over them, which a file
    // watch loses; watching the directories catches the rename. Nested branch names
    // ("feature/x") are subdirectories, so the ref tree is walked.
    QStringList wanted{common};
    const QString prefixDir = common + QLatin1Char('/') + m_prefix;
    const QString logsDir = common + QStringLiteral("/logs/") + m_prefix;
    for (const QString &root : {prefixDir, logsDir}) {
        if (!QFileInfo(root).isDir())
            continue;
        wanted.append(QDir::cleanPath(root));
        QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            wanted.append(it.next());
    }
    // The parent of refs/remotes/<remote>/ must be watched to see the remote's first fetch.
    QString parent = QDir::cleanPath(prefixDir);
    while (parent.size() > common.size() && !QFileInfo(parent).isDir())
        parent = QFileInfo(parent).path();
    wanted.append(parent);
    // Reflogs are appended in place: a file watch sees the write.
    QDirIterator logs(logsDir, QDir::Files, QDirIterator::Subdirectories);
    while (logs.hasNext())
        wanted.append(logs.next());
    const QString packed = common + QStringLiteral("/packed-refs");
    if (QFileInfo::exists(packed))
        wanted.append(packed);

    const QSet<QString> have = QSet<QString>(m_fsWatcher->directories().cbegin(),
                                             m_fsWatcher->directories().cend())
        + QSet<QString>(m_fsWatcher->files().cbegin(), m_fsWatcher->files().cend());
    QStringList missing;
    for (const QString &path : std::as_const(wanted)) {
        if (!have.contains(path) && !missing.contains(path))
            missing.append(path);
    }
    if (!missing.isEmpty())
        m_fsWatcher->addPaths(missing); // failures (inotify limits) leave polling to cover
}

BranchEvent BranchWatcher::classify(const QString &branch, const QString &oldOid,
                                    const QString &newOid,
                                    const QHash<QString, QString> &current)
{
    BranchEvent event;
    event.branch = branch;
    event.oldOid = oldOid;
    event.newOid = newOid;
    if (newOid.isEmpty()) {
        event.kind = BranchEvent::Kind::Deleted;
        return event;
    }
    if (oldOid.isEmpty()) {
        event.kind = BranchEvent::Kind::Created;
        // New to the branch: what no other branch, before or now, already had.
        QStringList others;
        for (const QHash<QString, QString> *tips : {&std::as_const(m_tips), &current}) {
            for (auto it = tips->cbegin(); it != tips->cend(); ++it) {
                if (it.key() != branch)
                    others.append(it.value());
            }
        }
        event.commitCount = m_repo->countCommits(newOid, others);
        return event;
    }
    event.kind = m_repo->isAncestor(oldOid, newOid) ? BranchEvent::Kind::FastForward
                                                    : BranchEvent::Kind::ForcePush;
    event.commitCount = m_repo->countCommits(newOid, {oldOid});
    return event;
}

void BranchWatcher::rescan()
{
    if (!m_repo)
        return;
    if (!QFileInfo::exists(m_repo->commonDir())) {
        const QString message = QStringLiteral("the repository at %1 is gone; watching stopped")
                                    .arg(m_repo->commonDir());
        stop();
        emit problem(message);
        return;
    }
    QStringList problems;
    QStringList unreadable;
    const QHash<QString, QString> current = m_repo->tips(m_prefix, &problems, &unreadable);
    // The same corrupted ref is reported once, not on every poll.
    for (const QString &p : std::as_const(problems)) {
        if (!m_lastProblems.contains(p))
            emit problem(p);
    }
    m_lastProblems = problems;

    QList<BranchEvent> events;
    for (auto it = current.cbegin(); it != current.cend(); ++it) {
        const QString old = m_tips.value(it.key());
        if (old != it.value())
            events.append(classify(it.key(), old, it.value(), current));
    }
    QHash<QString, QString> next = current;
    for (auto it = m_tips.cbegin(); it != m_tips.cend(); ++it) {
        if (current.contains(it.key()))
            continue;
        // A ref that became unreadable is not a deletion: keep its last known tip.
        if (unreadable.contains(it.key()))
            next.insert(it.key(), it.value());
        else
            events.append(classify(it.key(), it.value(), QString(), current));
    }
    m_tips = next;
    updateWatchedPaths();
    for (const BranchEvent &event : std::as_const(events)) {
        if (m_filter.matches(event.branch))
            emit branchChanged(event);
    }
}

} // namespace pw::core
