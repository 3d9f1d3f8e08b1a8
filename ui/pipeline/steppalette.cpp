#include "steppalette.h"

#include "pipelinescene.h"
#include "stagenodeitem.h"

#include "core/pipeline/stepkindregistry.h"

#include <QMimeData>
#include <QPainter>

namespace pw::ui {

namespace {
QIcon kindIcon(const QString &kind)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(StageNodeItem::kindColor(kind));
    p.drawRoundedRect(QRectF(2, 2, 28, 28), 6, 6);
    p.setPen(Qt::white);
    QFont font = p.font();
    font.setBold(true);
    font.setPixelSize(16);
    p.setFont(font);
    p.drawText(QRectF(2, 2, 28, 28), Qt::AlignCenter, StageNodeItem::kindLetter(kind));
    return QIcon(pixmap);
}
} // namespace

StepPalette::StepPalette(QWidget *parent)
    : QListWidget(parent)
{
    setDragEnabled(true);
    setDragDropMode(DragOnly);
    setSelectionMode(SingleSelection);
    setIconSize(QSize(18, 18));
    for (const core::StepKind &kind : core::StepKindRegistry::instance().kinds()) {
        auto *item = new QListWidgetItem(kindIcon(kind.key), kind.title, this);
        item->setData(Qt::UserRole, kind.key);
        item->setToolTip(tr("%1 — drag onto a stage").arg(kind.key));
    }
}

QStringList StepPalette::mimeTypes() const
{
    return {QString::fromLatin1(PipelineScene::StepKindMime)};
}

QMimeData *StepPalette::mimeData(const QList<QListWidgetItem *> &items) const
{
    if (items.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(PipelineScene::StepKindMime),
                  items.first()->data(Qt::UserRole).toString().toUtf8());
    return data;
}

} // namespace pw::ui
