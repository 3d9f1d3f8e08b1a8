#include "recentcommitsview.h"

#include "recentcommitsloader.h"
#include "recentcommitsmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>

namespace pw::ui {

RecentCommitsView::RecentCommitsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new RecentCommitsModel(this))
    , m_tree(new QTreeView(this))
    , m_title(new QLabel(this))
    , m_triggers(new QLabel(this))
    , m_status(new QLabel(this))
    , m_runButton(new QPushButton(tr("Run this commit"), this))
    , m_thread(new QThread(this))
    , m_loader(new RecentCommitsLoader)
{
    qRegisterMetaType<QList<pw::core::GitCommitInfo>>();
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setText(tr("Recent commits"));
    m_triggers->setWordWrap(true);
    m_triggers->setTextFormat(Qt::PlainText);
    m_status->setTextFormat(Qt::PlainText);
    setTriggerSettings(pw::core::TriggerSpec());

    m_tree->setModel(m_model);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Room between columns and rows: hashes, names and times otherwise run together.
    m_tree->setStyleSheet(QStringLiteral("QTreeView::item { padding: 3px 8px 3px 4px; }"));
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(RecentCommitsModel::HashColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RecentCommitsModel::MessageColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(RecentCommitsModel::AuthorColumn,
                                 QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RecentCommitsModel::TimeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RecentCommitsModel::StatusColumn, QHeaderView::Interactive);
    header->resizeSection(RecentCommitsModel::StatusColumn, 90);

    m_runButton->setEnabled(false);
    m_runButton->setToolTip(tr("Start a run of the selected commit, as a manual run"));

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_runButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_triggers);
    layout->addWidget(m_tree, 1);
    layout->addLayout(bottom);

    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RecentCommitsView::updateButton);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RecentCommitsView::updateButton);
    connect(m_runButton, &QPushButton::clicked, this, [this] {
        const QString oid = selectedCommit();
        if (!oid.isEmpty())
            emit runCommitRequested(oid);
    });
    connect(m_tree, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        emit runCommitRequested(index.data(RecentCommitsModel::OidRole).toString());
    });

    m_loader->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_loader, &QObject::deleteLater);
    connect(this, &RecentCommitsView::requestLoad, m_loader, &RecentCommitsLoader::load);
    connect(m_loader, &RecentCommitsLoader::loaded, this, &RecentCommitsView::onLoaded);
    m_thread->start();
}

RecentCommitsView::~RecentCommitsView()
{
    m_thread->quit();
    m_thread->wait();
}

void RecentCommitsView::setRepository(const QString &repoPath, const QString &branch, int limit)
{
    m_repoPath = repoPath;
    m_branch = branch;
    m_limit = limit;
    reload();
}

void RecentCommitsView::reload()
{
    m_status->setText(tr("Reading commits…"));
    // A newer request makes the answers to older ones stale.
    emit requestLoad(m_repoPath, m_branch, m_limit, ++m_generation);
}

void RecentCommitsView::onLoaded(const QList<pw::core::GitCommitInfo> &commits,
                                 const QString &branch, const QString &error, int generation)
{
    if (generation != m_generation)
        return;
    m_error = error;
    m_model->setCommits(commits);
    m_title->setText(tr("Recent commits on %1").arg(branch));
    if (!error.isEmpty())
        m_status->setText(error);
    else
        m_status->setText(commits.size() == 1 ? tr("1 commit")
                                              : tr("%1 commits").arg(commits.size()));
    emit loaded();
}

void RecentCommitsView::setTriggerSettings(const pw::core::TriggerSpec &triggers)
{
    const QString push = triggers.pushBranches.isEmpty()
        ? tr("Pushes start no runs (no triggers.push in the pipeline).")
        : tr("Runs on push to %1; commits saying [skip ci] or rolled back are skipped.")
              .arg(triggers.pushBranches.join(QStringLiteral(", ")));
    const QString manual = triggers.manual ? tr("Manual runs allowed.")
                                           : tr("Manual runs disabled.");
    m_triggers->setText(push + QLatin1Char(' ') + manual);
    m_runButton->setVisible(triggers.manual);
}

void RecentCommitsView::setRunStatus(const QString &oid, const QString &status)
{
    m_model->setRunStatus(oid, status);
}

QString RecentCommitsView::selectedCommit() const
{
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(RecentCommitsModel::OidRole).toString();
}

void RecentCommitsView::updateButton()
{
    m_runButton->setEnabled(!selectedCommit().isEmpty());
}

} // namespace pw::ui
