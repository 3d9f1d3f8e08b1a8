#include "logview.h"

#include "loghitmap.h"
#include "logtailfollower.h"
#include "logviewmodel.h"

#include "core/logs/ansiparser.h"
#include "core/logs/logmatcher.h"
#include "core/logs/logsearch.h"
#include "core/logs/logsource.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QFileInfo>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

using namespace pw::core;

namespace pw::ui {

namespace {
constexpr int HitMapWidth = 10;
constexpr int TimestampChars = 12;
constexpr qint64 MaxCopyBytes = 64 << 20;

QString duration(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    return QStringLiteral("%1m %2s").arg(ms / 60000).arg((ms / 1000) % 60);
}
} // namespace

LogView::LogView(QWidget *parent)
    : QAbstractScrollArea(parent),
      m_model(new LogViewModel(this)),
      m_search(new LogSearch(this)),
      m_errorSearch(new LogSearch(this))
{
    m_follower = new LogTailFollower(verticalScrollBar(), this);
    m_hitMap = new LogHitMap(m_model, m_search, this);
    setViewportMargins(0, 0, HitMapWidth, 0);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setAutoFillBackground(false);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    verticalScrollBar()->setSingleStep(3);

    connect(m_model, &LogViewModel::rowsChanged, this, &LogView::onRowsChanged);
    connect(m_model, &LogViewModel::sourceReset, this, [this] {
        m_search->clear();
        m_currentHit = -1;
        m_errorLine = -1;
        m_anchor = m_cursor = Position();
        m_maxColumns = 0;
    });
    connect(m_follower, &LogTailFollower::followingChanged, this, &LogView::followingChanged);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, viewport(),
            qOverload<>(&QWidget::update));
    connect(m_search, &LogSearch::hitsAdded, this, [this] {
        if (m_currentHit < 0 && m_search->hitCount() > 0)
            goToHit(m_search->lowerBound(m_model->lineForRow(firstVisibleRow())) % m_search->hitCount());
        emitSearchStatus();
        m_hitMap->update();
        viewport()->update();
    });
    connect(m_search, &LogSearch::finished, this, [this] {
        emitSearchStatus();
        m_hitMap->update();
    });
    connect(m_errorSearch, &LogSearch::finished, this, [this] {
        if (m_errorSearch->hitCount() > 0) {
            m_errorLine = m_errorSearch->hitLine(0);
            m_hitMap->setErrorLine(m_errorLine);
            if (m_jumpWhenErrorFound)
                goToLine(m_errorLine);
        }
        m_jumpWhenErrorFound = false;
    });
    connect(m_hitMap, &LogHitMap::rowClicked, this, [this](qint64 row) {
        setFollowing(false);
        verticalScrollBar()->setValue(int(std::max<qint64>(0, row - 5)));
    });
    m_painter.setTimestampChars(0);
}

LogView::~LogView() = default;

void LogView::setSource(LogSource *source)
{
    m_model->setSource(source);
    m_follower->setFollowing(true);
}

LogSource *LogView::source() const { return m_model->source(); }

bool LogView::isFollowing() const { return m_follower->isFollowing(); }

void LogView::setFollowing(bool follow) { m_follower->setFollowing(follow); }

void LogView::setWrap(bool wrap)
{
    m_wrap = wrap;
    updateScrollBars();
    viewport()->update();
}

void LogView::setTimestampMode(TimestampMode mode)
{
    m_timestampMode = mode;
    m_painter.setTimestampChars(mode == TimestampMode::Hidden ? 0 : TimestampChars);
    viewport()->update();
}

void LogView::setLineNumbersVisible(bool visible)
{
    m_painter.setShowLineNumbers(visible);
    viewport()->update();
}

void LogView::zoom(int steps)
{
    QFont f = m_painter.font();
    f.setPointSizeF(std::clamp(f.pointSizeF() + steps, 6.0, 40.0));
    m_painter.setFont(f);
    updateScrollBars();
    viewport()->update();
}

int LogView::columnsPerRow() const
{
    const qreal w = viewport()->width() - m_painter.gutterWidth() - 8;
    return std::max(10, int(w / m_painter.charWidth()));
}

qint64 LogView::firstVisibleRow() const { return verticalScrollBar()->value(); }

void LogView::updateScrollBars()
{
    const qint64 rows = m_model->rowCount();
    const int visible = std::max(1, int(viewport()->height() / m_painter.lineHeight()));
    QScrollBar *v = verticalScrollBar();
    v->setPageStep(visible);
    // Rows beyond INT_MAX scroll in steps; not reached below 2 G display rows.
    v->setRange(0, int(std::clamp<qint64>(rows - visible + 1, 0, INT_MAX)));
    QScrollBar *h = horizontalScrollBar();
    if (m_wrap) {
        h->setRange(0, 0);
    } else {
        const int textWidth = int((m_maxColumns + 4) * m_painter.charWidth()
                                  + m_painter.gutterWidth());
        h->setRange(0, std::max(0, textWidth - viewport()->width()));
        h->setPageStep(viewport()->width());
        h->setSingleStep(int(m_painter.charWidth() * 4));
    }
    m_hitMap->setVisibleRows(v->value(), visible);
}

void LogView::onRowsChanged()
{
    if (LogSource *s = source())
        m_painter.setLineNumberDigits(int(QString::number(s->lineCount()).size()));
    updateScrollBars();
    m_follower->rangeGrew();
    m_hitMap->update();
    viewport()->update();
}

void LogView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    const QRect vp = viewport()->geometry();
    m_hitMap->setGeometry(vp.right() + 1, vp.top(), HitMapWidth, vp.height());
    updateScrollBars();
    m_follower->rangeGrew();
}

QString LogView::timestampText(qint64 line) const
{
    LogSource *s = source();
    if (!s || !s->hasTimestamps())
        return QString();
    const qint64 t = s->lineTimeMs(line);
    switch (m_timestampMode) {
    case TimestampMode::Hidden:
        return QString();
    case TimestampMode::Absolute:
        return QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("HH:mm:ss.zzz"));
    case TimestampMode::Relative: {
        const qint64 d = std::max<qint64>(0, t - s->startTimeMs());
        return QStringLiteral("+%1:%2.%3")
            .arg(d / 60000, 2, 10, QLatin1Char('0'))
            .arg((d / 1000) % 60, 2, 10, QLatin1Char('0'))
            .arg(d % 1000, 3, 10, QLatin1Char('0'));
    }
    case TimestampMode::Delta: {
        const qint64 d = line > 0 ? t - s->lineTimeMs(line - 1) : 0;
        return QStringLiteral("Δ%1").arg(double(d) / 1000.0, 0, 'f', 3);
    }
    }
    return QString();
}

QString LogView::groupInfo(int group) const
{
    const LogGroup &g = source()->groups()[size_t(group)];
    QString info;
    if (g.isOpen() && !source()->isFinished())
        info = tr("running");
    else if (g.durationMs() >= 0)
        info = duration(g.durationMs());
    if (g.failed)
        info = info.isEmpty() ? tr("failed") : tr("failed · %1").arg(info);
    if (m_model->isCollapsed(group)) {
        const qint64 end = g.isOpen() ? source()->lineCount() - 1
                                      : g.endLine - (g.endsOnMarker ? 1 : 0);
        const qint64 n = end - g.headerLine;
        const QString lines = n == 1 ? tr("1 line") : tr("%1 lines").arg(n);
        info = info.isEmpty() ? lines : lines + QStringLiteral(" · ") + info;
    }
    return info;
}

void LogView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), m_painter.background());
    m_layout.clear();
    LogSource *s = source();
    if (!s)
        return;
    const qint64 rows = m_model->rowCount();
    const qreal lh = m_painter.lineHeight();
    const int cols = m_wrap ? columnsPerRow() : INT_MAX / 2;
    const qreal x0 = m_wrap ? 0 : horizontalScrollBar()->value();
    const qreal width = viewport()->width();
    Position selA = m_anchor, selB = m_cursor;
    if (selB.line < selA.line || (selB.line == selA.line && selB.column < selA.column))
        std::swap(selA, selB);
    const qint64 currentLine = m_currentHit >= 0 && m_currentHit < m_search->hitCount()
                                   ? m_search->hitLine(m_currentHit) : -1;
    qreal top = 0;
    int maxCols = m_maxColumns;
    for (qint64 row = firstVisibleRow(); row < rows && top < viewport()->height(); ++row) {
        const qint64 line = m_model->lineForRow(row);
        LogLinePainter::Row r;
        r.line = line;
        const int group = m_model->groupAtHeader(line);
        StyledLine header;
        if (group >= 0) {
            const LogGroup &g = s->groups()[size_t(group)];
            header.text = g.title;
            r.text = &header;
            r.foldState = m_model->isCollapsed(group) ? 2 : 1;
            r.failed = g.failed;
            r.dimmed = g.deemphasised;
            r.groupInfo = groupInfo(group);
        } else {
            r.text = &m_model->styledLine(line);
            r.stderrLine = s->lineStream(line) == OutputStream::Stderr;
        }
        const int length = int(r.text->text.size());
        maxCols = std::max(maxCols, length + int(r.groupInfo.size()) + 2);
        if (m_timestampMode != TimestampMode::Hidden)
            r.timestamp = timestampText(line);
        if (m_matcher && m_search->hitsBetween(line, line + 1) > 0) {
            r.hits = m_matcher->matchesInText(r.text->text);
            r.currentHit = line == currentLine;
        }
        if (selA.line >= 0 && line >= selA.line && line <= selB.line
            && !(selA.line == selB.line && selA.column == selB.column)) {
            r.selectionStart = line == selA.line ? selA.column : 0;
            r.selectionEnd = line == selB.line ? selB.column : length + 1;
        }
        const int pieces = m_wrap ? std::max(1, (length + cols - 1) / cols) : 1;
        m_layout.push_back({row, line, top, pieces});
        for (int piece = 0; piece < pieces; ++piece) {
            r.firstColumn = piece * cols;
            r.columns = m_wrap ? cols : length;
            r.firstPiece = piece == 0;
            m_painter.paint(p, top, width, x0, r);
            top += lh;
        }
    }
    if (maxCols != m_maxColumns && !m_wrap) {
        m_maxColumns = maxCols;
        updateScrollBars();
    }
    m_hitMap->setVisibleRows(firstVisibleRow(), qint64(viewport()->height() / lh));
}

LogView::Position LogView::positionAt(const QPoint &pos) const
{
    const qreal lh = m_painter.lineHeight();
    for (const Laid &laid : m_layout) {
        if (pos.y() >= laid.top && pos.y() < laid.top + laid.pieces * lh) {
            const int piece = int((pos.y() - laid.top) / lh);
            const qreal x = pos.x() - m_painter.gutterWidth() - 4
                            + (m_wrap ? 0 : horizontalScrollBar()->value());
            const int col = std::max(0, int(std::lround(x / m_painter.charWidth())));
            return {laid.line, col + (m_wrap ? piece * columnsPerRow() : 0)};
        }
    }
    if (!m_layout.empty() && pos.y() >= m_layout.back().top)
        return {m_layout.back().line, INT_MAX / 2};
    return {};
}

void LogView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    const Position at = positionAt(event->position().toPoint());
    if (at.line < 0)
        return;
    const int group = m_model->groupAtHeader(at.line);
    // Clicking a group header (gutter or title) folds or unfolds it.
    if (group >= 0) {
        m_model->toggle(group);
        return;
    }
    m_anchor = m_cursor = at;
    m_selecting = true;
    viewport()->update();
}

void LogView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_selecting)
        return;
    const Position at = positionAt(event->position().toPoint());
    if (at.line >= 0) {
        m_cursor = at;
        viewport()->update();
    }
}

void LogView::mouseReleaseEvent(QMouseEvent *) { m_selecting = false; }

void LogView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        zoom(event->angleDelta().y() > 0 ? 1 : -1);
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

bool LogView::viewportEvent(QEvent *event)
{
    return QAbstractScrollArea::viewportEvent(event);
}

QString LogView::selectedText() const
{
    LogSource *s = source();
    if (!s || m_anchor.line < 0)
        return QString();
    Position a = m_anchor, b = m_cursor;
    if (b.line < a.line || (b.line == a.line && b.column < a.column))
        std::swap(a, b);
    QString out;
    qint64 bytes = 0;
    for (qint64 line = a.line; line <= b.line && bytes < MaxCopyBytes; ++line) {
        const QByteArray raw = s->lineBytes(line);
        bytes += raw.size();
        QString text = AnsiParser::plainText(raw);
        if (line == b.line)
            text.truncate(b.column);
        if (line == a.line)
            text.remove(0, a.column);
        out += text;
        if (line != b.line)
            out += u'\n';
    }
    return out;
}

void LogView::selectAll()
{
    if (!source() || source()->lineCount() == 0)
        return;
    m_anchor = {0, 0};
    m_cursor = {source()->lineCount() - 1, INT_MAX / 2};
    viewport()->update();
}

void LogView::copySelection() const
{
    QApplication::clipboard()->setText(selectedText());
}

void LogView::copyLineReference(qint64 line) const
{
    const QString path = source() ? source()->filePath() : QString();
    const QString name = path.isEmpty() ? QStringLiteral("log") : QFileInfo(path).fileName();
    QApplication::clipboard()->setText(QStringLiteral("%1#L%2").arg(name).arg(line + 1));
}

void LogView::contextMenuEvent(QContextMenuEvent *event)
{
    const Position at = positionAt(event->pos());
    QMenu menu(this);
    menu.addAction(tr("Copy"), this, &LogView::copySelection)->setEnabled(m_anchor.line >= 0);
    if (at.line >= 0) {
        const qint64 line = at.line;
        menu.addAction(tr("Copy full line"), this, [this, line] {
            QApplication::clipboard()->setText(
                AnsiParser::plainText(source()->lineBytes(line, MaxCopyBytes)));
        });
        menu.addAction(tr("Copy reference to line %1").arg(line + 1), this,
                       [this, line] { copyLineReference(line); });
    }
    if (source() && !source()->filePath().isEmpty()) {
        menu.addAction(tr("Open raw log"), this,
                       [this] { emit openRawRequested(source()->filePath()); });
    }
    menu.exec(event->globalPos());
}

void LogView::keyPressEvent(QKeyEvent *event)
{
    QScrollBar *v = verticalScrollBar();
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
    } else if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
    } else if (event->matches(QKeySequence::ZoomIn)
               || (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_Equal)) {
        zoom(1);
    } else if (event->matches(QKeySequence::ZoomOut)) {
        zoom(-1);
    } else if (event->key() == Qt::Key_F3) {
        if (event->modifiers() & Qt::ShiftModifier)
            previousHit();
        else
            nextHit();
    } else if (event->key() == Qt::Key_End || event->matches(QKeySequence::MoveToEndOfDocument)) {
        setFollowing(true);
    } else if (event->key() == Qt::Key_Home) {
        v->setValue(0);
    } else if (event->key() == Qt::Key_PageUp) {
        v->triggerAction(QAbstractSlider::SliderPageStepSub);
    } else if (event->key() == Qt::Key_PageDown) {
        v->triggerAction(QAbstractSlider::SliderPageStepAdd);
    } else if (event->key() == Qt::Key_Up) {
        v->triggerAction(QAbstractSlider::SliderSingleStepSub);
    } else if (event->key() == Qt::Key_Down) {
        v->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void LogView::setQuery(const LogSearchQuery &query)
{
    m_currentHit = -1;
    if (query.pattern.isEmpty()) {
        m_search->clear();
        m_matcher.reset();
        emitSearchStatus();
        m_hitMap->update();
        viewport()->update();
        return;
    }
    m_matcher = std::make_unique<LogMatcher>(query);
    m_search->start(source(), query);
    emitSearchStatus();
    viewport()->update();
}

void LogView::emitSearchStatus()
{
    emit searchStatusChanged(m_currentHit, m_search->hitCount(), m_search->isRunning(),
                             m_search->errorString());
}

void LogView::goToHit(qint64 hit)
{
    if (hit < 0 || hit >= m_search->hitCount())
        return;
    m_currentHit = hit;
    const qint64 line = m_search->hitLine(hit);
    m_model->reveal(line); // hits inside folded groups open them
    setFollowing(false);
    const qint64 row = m_model->rowForLine(line);
    const qint64 visible = verticalScrollBar()->pageStep();
    if (row < firstVisibleRow() || row >= firstVisibleRow() + visible - 1)
        verticalScrollBar()->setValue(int(std::max<qint64>(0, row - visible / 3)));
    if (!m_wrap && m_matcher) {
        const auto matches = m_matcher->matchesInText(m_model->styledLine(line).text);
        if (!matches.isEmpty()) {
            const qreal x = matches.first().first * m_painter.charWidth();
            QScrollBar *h = horizontalScrollBar();
            if (x < h->value() || x > h->value() + viewport()->width() - m_painter.gutterWidth()
                                          - 40)
                h->setValue(int(std::max<qreal>(0, x - viewport()->width() / 3)));
        }
    }
    emitSearchStatus();
    viewport()->update();
}

void LogView::nextHit()
{
    const qint64 n = m_search->hitCount();
    if (n == 0)
        return;
    goToHit(m_currentHit < 0 ? m_search->lowerBound(m_model->lineForRow(firstVisibleRow())) % n
                             : (m_currentHit + 1) % n);
}

void LogView::previousHit()
{
    const qint64 n = m_search->hitCount();
    if (n == 0)
        return;
    goToHit(m_currentHit <= 0 ? n - 1 : m_currentHit - 1);
}

void LogView::jumpToFirstError()
{
    if (m_errorLine >= 0) {
        goToLine(m_errorLine);
        return;
    }
    // Common error patterns of compilers, test runners and shells.
    m_jumpWhenErrorFound = true;
    m_errorSearch->start(source(),
                         {QStringLiteral("\\b(error|fatal|FAILED|failure|panic|Traceback)\\b"
                                         "|command not found|exit (code|status) [1-9]"),
                          true, false},
                         1);
}

void LogView::goToLine(qint64 line)
{
    if (!source() || line < 0 || line >= source()->lineCount())
        return;
    m_model->reveal(line);
    setFollowing(false);
    const qint64 row = m_model->rowForLine(line);
    verticalScrollBar()->setValue(int(std::max<qint64>(0, row - verticalScrollBar()->pageStep() / 3)));
    m_anchor = {line, 0};
    m_cursor = {line, INT_MAX / 2};
    viewport()->update();
}

} // namespace pw::ui
