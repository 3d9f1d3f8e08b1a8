#pragma once

#include "loglinepainter.h"

#include "core/logs/logsearchquery.h"

#include <QAbstractScrollArea>
#include <QPointer>

#include <memory>
#include <vector>

namespace pw::core {
class LogMatcher;
class LogSearch;
class LogSource;
} // namespace pw::core

namespace pw::ui {

class LogHitMap;
class LogTailFollower;
class LogViewModel;

// The custom-painted log view: paints only the rows on screen, so a 100 M-line log costs
// what a screenful does. Composes LogViewModel (rows, folds, styling), LogLinePainter,
// LogTailFollower (scrolling) and a threaded LogSearch with a LogHitMap. Feed it any
// LogSource: a LogBuffer while a step runs, a LogFileSource for a finished one.
class LogView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    enum class TimestampMode { Hidden, Absolute, Relative, Delta };

    explicit LogView(QWidget *parent = nullptr);
    ~LogView() override;

    void setSource(pw::core::LogSource *source);
    pw::core::LogSource *source() const;
    LogViewModel *model() const { return m_model; }
    pw::core::LogSearch *search() const { return m_search; }

    bool isFollowing() const;
    void setFollowing(bool follow);
    void setWrap(bool wrap);
    bool wrap() const { return m_wrap; }
    void setTimestampMode(TimestampMode mode);
    TimestampMode timestampMode() const { return m_timestampMode; }
    void setLineNumbersVisible(bool visible);
    void zoom(int steps);
    qreal fontPointSize() const { return m_painter.font().pointSizeF(); }

    void setQuery(const pw::core::LogSearchQuery &query);
    void nextHit();
    void previousHit();
    qint64 currentHit() const { return m_currentHit; }
    void jumpToFirstError();
    qint64 firstErrorLine() const { return m_errorLine; }

    // Scrolls so `line` is visible (unfolding its groups), selecting it.
    void goToLine(qint64 line);
    qint64 firstVisibleRow() const;
    QString selectedText() const;
    void copySelection() const;
    void copyLineReference(qint64 line) const;
    void selectAll();

    // What a group's header shows beside its title: running or its duration, failed, and
    // when folded how many lines it hides.
    QString groupInfo(int group) const;

signals:
    void followingChanged(bool following);
    void searchStatusChanged(qint64 current, qint64 total, bool running, const QString &error);
    void openRawRequested(const QString &path);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    struct Position { qint64 line = -1; int column = 0; };
    struct Laid { qint64 row; qint64 line; qreal top; int pieces; };

    void updateScrollBars();
    void onRowsChanged();
    void emitSearchStatus();
    int columnsPerRow() const;
    Position positionAt(const QPoint &pos) const;
    QString timestampText(qint64 line) const;
    void goToHit(qint64 hit);

    LogViewModel *m_model;
    LogLinePainter m_painter;
    LogTailFollower *m_follower;
    pw::core::LogSearch *m_search;
    pw::core::LogSearch *m_errorSearch;
    std::unique_ptr<pw::core::LogMatcher> m_matcher;
    LogHitMap *m_hitMap;
    bool m_wrap = false;
    TimestampMode m_timestampMode = TimestampMode::Hidden;
    qint64 m_currentHit = -1;
    qint64 m_errorLine = -1;
    bool m_jumpWhenErrorFound = false;
    int m_maxColumns = 0;
    Position m_anchor;
    Position m_cursor;
    bool m_selecting = false;
    std::vector<Laid> m_layout; // rows painted last, for hit-testing
};

} // namespace pw::ui
