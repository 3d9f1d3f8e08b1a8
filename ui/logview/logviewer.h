#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QToolBar;

namespace pw::core {
class LogSource;
}

namespace pw::ui {

class LogSearchBar;
class LogView;

// The log viewer as embedded by the Runs area: a tool bar (timestamps, wrap, line numbers,
// follow, jump to first error, open raw log), the find bar (Ctrl+F, F3/Shift+F3) and the
// LogView. Call setSource() with a LogBuffer fed from RunEngine::stepOutput while a step
// runs, or a LogFileSource opened on the step's log file once it has finished.
class LogViewer : public QWidget
{
    Q_OBJECT

public:
    explicit LogViewer(QWidget *parent = nullptr);

    void setSource(pw::core::LogSource *source);
    LogView *view() const { return m_view; }
    LogSearchBar *searchBar() const { return m_searchBar; }

private:
    LogView *m_view;
    LogSearchBar *m_searchBar;
    QToolBar *m_toolBar;
    QComboBox *m_timestamps;
    QAction *m_follow;
    QAction *m_openRaw;
};

} // namespace pw::ui
