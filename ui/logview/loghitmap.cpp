#include "loghitmap.h"

#include "logviewmodel.h"

#include "core/logs/logsearch.h"

#include <QMouseEvent>
#include <QPainter>

namespace pw::ui {

LogHitMap::LogHitMap(LogViewModel *model, pw::core::LogSearch *search, QWidget *parent)
    : QWidget(parent), m_model(model), m_search(search)
{
    setCursor(Qt::PointingHandCursor);
}

void LogHitMap::setErrorLine(qint64 line)
{
    m_errorLine = line;
    update();
}

void LogHitMap::setVisibleRows(qint64 first, qint64 count)
{
    if (first == m_firstVisible && count == m_visibleCount)
        return;
    m_firstVisible = first;
    m_visibleCount = count;
    update();
}

void LogHitMap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x23, 0x25, 0x29));
    const qint64 rows = m_model->rowCount();
    const int h = height();
    if (rows <= 0 || h <= 0)
        return;
    const auto rowAtY = [&](int y) { return rows * y / h; };
    p.fillRect(QRect(0, int(m_firstVisible * h / rows), width(),
                     std::max(2, int(m_visibleCount * h / rows))),
               QColor(0x3a, 0x3e, 0x45));
    if (m_search->hitCount() > 0) {
        for (int y = 0; y < h; ++y) {
            const qint64 r0 = rowAtY(y);
            const qint64 r1 = std::max(r0 + 1, rowAtY(y + 1));
            if (r0 >= rows)
                break;
            // Folded lines count for their header's row.
            const qint64 l0 = m_model->lineForRow(r0);
            const qint64 l1 = r1 >= rows ? std::numeric_limits<qint64>::max()
                                         : m_model->lineForRow(r1);
            if (m_search->hitsBetween(l0, l1) > 0)
                p.fillRect(QRect(1, y, width() - 2, 2), QColor(0xe5, 0xc0, 0x7b));
        }
    }
    if (m_errorLine >= 0) {
        const int y = int(m_model->rowForLine(m_errorLine) * h / rows);
        p.fillRect(QRect(0, y, width(), 3), QColor(0xf0, 0x60, 0x5a));
    }
}

void LogHitMap::mousePressEvent(QMouseEvent *event)
{
    const qint64 rows = m_model->rowCount();
    if (rows > 0 && height() > 0)
        emit rowClicked(rows * qint64(event->position().y()) / height());
}

} // namespace pw::ui
