#include "statuspalette.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace pw::ui {

namespace {
const QColor pending(0x9a, 0xa5, 0xb1);
const QColor running(0x2f, 0x80, 0xed);
const QColor waiting(0xf2, 0x99, 0x1e);
const QColor succeeded(0x27, 0xae, 0x60);
const QColor failed(0xd6, 0x45, 0x41);
const QColor skipped(0xbd, 0xc3, 0xc7);
const QColor cancelled(0x7f, 0x8c, 0x8d);
} // namespace

QColor StatusPalette::color(core::RunStatus status)
{
    using S = core::RunStatus;
    switch (status) {
    case S::Queued: return pending;
    case S::Running: return running;
    case S::AwaitingApproval: return waiting;
    case S::Succeeded: return succeeded;
    case S::Failed: return failed;
    case S::Cancelled: return cancelled;
    case S::Interrupted: return failed.darker(130);
    }
    return pending;
}

QColor StatusPalette::color(core::StageStatus status)
{
    using S = core::StageStatus;
    switch (status) {
    case S::Pending: return pending;
    case S::AwaitingApproval: return waiting;
    case S::Running: return running;
    case S::Succeeded: return succeeded;
    case S::Failed: return failed;
    case S::Skipped: return skipped;
    case S::Cancelled: return cancelled;
    }
    return pending;
}

QIcon StatusPalette::icon(core::RunStatus status)
{
    return dot(color(status), status == core::RunStatus::Queued);
}

QIcon StatusPalette::icon(core::StageStatus status)
{
    return dot(color(status), status == core::StageStatus::Pending
                                  || status == core::StageStatus::Skipped);
}

QIcon StatusPalette::dot(const QColor &color, bool hollow)
{
    // Icons are drawn once per colour; views ask for them on every repaint.
    static QHash<QString, QIcon> cache;
    const QString key = color.name() + (hollow ? QStringLiteral("o") : QStringLiteral("*"));
    auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    if (hollow) {
        painter.setPen(QPen(color, 4));
        painter.setBrush(Qt::NoBrush);
    } else {
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
    }
    painter.drawEllipse(QRectF(5, 5, 22, 22));
    painter.end();
    return *cache.insert(key, QIcon(pixmap));
}

} // namespace pw::ui
