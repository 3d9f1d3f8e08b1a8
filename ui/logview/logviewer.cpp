#include "logviewer.h"

#include "logsearchbar.h"
#include "logview.h"
#include "logviewmodel.h"

#include "core/logs/logsource.h"

#include <QAction>
#include <QComboBox>
#include <QDesktopServices>
#include <QShortcut>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace pw::ui {

LogViewer::LogViewer(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_toolBar = new QToolBar(this);
    m_toolBar->setIconSize(QSize(16, 16));
    m_searchBar = new LogSearchBar(this);
    m_searchBar->hide();
    m_view = new LogView(this);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_searchBar);
    layout->addWidget(m_view, 1);

    m_timestamps = new QComboBox(this);
    m_timestamps->addItems({tr("No times"), tr("Clock time"), tr("Since start"),
                            tr("Since previous line")});
    m_timestamps->setToolTip(tr("Timestamps"));
    m_toolBar->addWidget(m_timestamps);
    connect(m_timestamps, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_view->setTimestampMode(LogView::TimestampMode(index));
    });
    QAction *numbers = m_toolBar->addAction(tr("Line numbers"));
    numbers->setCheckable(true);
    numbers->setChecked(true);
    connect(numbers, &QAction::toggled, m_view, &LogView::setLineNumbersVisible);
    QAction *wrap = m_toolBar->addAction(tr("Wrap"));
    wrap->setCheckable(true);
    connect(wrap, &QAction::toggled, m_view, &LogView::setWrap);
    m_toolBar->addAction(tr("Fold all"), this, [this] {
        m_view->model()->setAllCollapsed(true);
    });
    m_toolBar->addAction(tr("Unfold all"), this, [this] {
        m_view->model()->setAllCollapsed(false);
    });
    m_toolBar->addAction(tr("First error"), m_view, &LogView::jumpToFirstError);
    m_follow = m_toolBar->addAction(tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the end in view (End); scrolling up stops following"));
    connect(m_follow, &QAction::triggered, m_view, &LogView::setFollowing);
    connect(m_view, &LogView::followingChanged, m_follow, &QAction::setChecked);
    m_openRaw = m_toolBar->addAction(tr("Open raw log"), this, [this] {
        if (m_view->source() && !m_view->source()->filePath().isEmpty())
            emit m_view->openRawRequested(m_view->source()->filePath());
    });
    connect(m_view, &LogView::openRawRequested, this, [](const QString &path) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    });

    connect(m_searchBar, &LogSearchBar::queryChanged, m_view, &LogView::setQuery);
    connect(m_searchBar, &LogSearchBar::nextRequested, m_view, &LogView::nextHit);
    connect(m_searchBar, &LogSearchBar::previousRequested, m_view, &LogView::previousHit);
    connect(m_searchBar, &LogSearchBar::closed, m_view, [this] {
        m_view->setQuery({});
        m_view->setFocus();
    });
    connect(m_view, &LogView::searchStatusChanged, m_searchBar, &LogSearchBar::setStatus);

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::Find, [this] { m_searchBar->activate(); });
    shortcut(QKeySequence(Qt::Key_F3), [this] { m_view->nextHit(); });
    shortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), [this] { m_view->previousHit(); });
    shortcut(QKeySequence::ZoomIn, [this] { m_view->zoom(1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Equal), [this] { m_view->zoom(1); });
    shortcut(QKeySequence::ZoomOut, [this] { m_view->zoom(-1); });
    setFocusProxy(m_view);
}

void LogViewer::setSource(pw::core::LogSource *source)
{
    m_view->setSource(source);
    m_openRaw->setEnabled(source && !source->filePath().isEmpty());
}

} // namespace pw::ui
