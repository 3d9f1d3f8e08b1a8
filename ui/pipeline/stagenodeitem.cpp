#include "stagenodeitem.h"

#include "nodegeometry.h"
#include "pipelinescene.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace pw::ui {

namespace {
const QColor cardFill(0xff, 0xff, 0xff);
const QColor cardBorder(0xc5, 0xcd, 0xd8);
const QColor accent(0x2f, 0x80, 0xed);
const QColor headerFill(0xee, 0xf3, 0xfa);
const QColor mutedText(0x5f, 0x6b, 0x7a);
const QColor problemColor(0xd6, 0x45, 0x41);
} // namespace

StageNodeItem::StageNodeItem(const core::StageSpec &stage)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges | ItemIsFocusable);
    // Cached painting keeps pan and zoom cheap on big graphs (no per-item effects).
    setCacheMode(DeviceCoordinateCache);
    setAcceptHoverEvents(true);
    setStage(stage);
}

void StageNodeItem::setStage(const core::StageSpec &stage)
{
    const QSizeF size = NodeGeometry::size(stage);
    if (size != m_size)
        prepareGeometryChange();
    m_stage = stage;
    m_size = size;
    QString tip = QStringLiteral("<b>%1</b>").arg(stage.id.toHtmlEscaped());
    if (!stage.needs.isEmpty())
        tip += QObject::tr("<br>needs %1").arg(stage.needs.join(QStringLiteral(", ")));
    setToolTip(tip);
    update();
}

void StageNodeItem::setStatus(std::optional<core::StageStatus> status)
{
    if (status == m_status)
        return;
    m_status = status;
    update();
}

void StageNodeItem::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    update();
}

void StageNodeItem::setDropHighlight(bool on)
{
    if (on == m_dropHighlight)
        return;
    m_dropHighlight = on;
    update();
}

QPointF StageNodeItem::outputPortScenePos() const
{
    return mapToScene(NodeGeometry::outputPort(m_size));
}

QPointF StageNodeItem::inputPortScenePos() const
{
    return mapToScene(NodeGeometry::inputPort());
}

bool StageNodeItem::isOnOutputPort(const QPointF &scenePos) const
{
    const QPointF d = scenePos - outputPortScenePos();
    const qreal r = NodeGeometry::PortRadius * 2.2; // generous: ports are small targets
    return d.x() * d.x() + d.y() * d.y() <= r * r;
}

QRectF StageNodeItem::boundingRect() const
{
    const qreal m = NodeGeometry::PortRadius + 3;
    return QRectF(QPointF(0, 0), m_size).adjusted(-m, -m, m, m);
}

QColor StageNodeItem::kindColor(const QString &kind)
{
    if (kind == u"run")
        return {0x4a, 0x5a, 0x6d};
    if (kind.startsWith(u"docker"))
        return {0x1d, 0x7f, 0xc4};
    if (kind.startsWith(u"kube") || kind == u"rollout")
        return {0x32, 0x6c, 0xe5};
    if (kind == u"gate")
        return {0x8e, 0x44, 0xad};
    if (kind == u"bluegreen")
        return {0x27, 0x8e, 0x5a};
    return {0x7f, 0x8c, 0x8d};
}

QString StageNodeItem::kindLetter(const QString &kind)
{
    if (kind == u"run")
        return QStringLiteral("$");
    if (kind == u"docker-build")
        return QStringLiteral("B");
    if (kind == u"docker-push")
        return QStringLiteral("P");
    if (kind == u"docker-run")
        return QStringLiteral("D");
    if (kind == u"kube-apply")
        return QStringLiteral("K");
    if (kind == u"rollout")
        return QStringLiteral("R");
    if (kind == u"gate")
        return QStringLiteral("G");
    if (kind == u"bluegreen")
        return QStringLiteral("⇆");
    return kind.left(1).toUpper();
}

QColor StageNodeItem::statusColor(core::StageStatus status)
{
    using S = core::StageStatus;
    switch (status) {
    case S::Pending:
        return {0xa0, 0xa8, 0xb4};
    case S::AwaitingApproval:
        return {0xe6, 0x9b, 0x00};
    case S::Running:
        return {0x2f, 0x80, 0xed};
    case S::Succeeded:
        return {0x27, 0xae, 0x60};
    case S::Failed:
        return {0xd6, 0x45, 0x41};
    case S::Skipped:
    case S::Cancelled:
        return {0x7f, 0x8c, 0x8d};
    }
    return Qt::gray;
}

void StageNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF card(QPointF(0, 0), m_size);
    const bool selected = isSelected();

    QColor border = selected ? accent : cardBorder;
    if (m_status)
        border = statusColor(*m_status);
    if (m_dropHighlight)
        border = accent;
    painter->setPen(QPen(border, selected || m_status || m_dropHighlight ? 2.2 : 1.2));
    painter->setBrush(cardFill);
    painter->drawRoundedRect(card, 7, 7);

    // Header band.
    QPainterPath header;
    header.addRoundedRect(card.adjusted(1, 1, -1, 0).left(), 1, card.width() - 2,
                          NodeGeometry::HeaderHeight, 6, 6);
    QPainterPath clip;
    clip.addRect(0, 0, card.width(), NodeGeometry::HeaderHeight);
    painter->setPen(Qt::NoPen);
    painter->setBrush(selected ? QColor(0xdd, 0xe9, 0xfb) : headerFill);
    painter->drawPath(header.intersected(clip));
    painter->setPen(QPen(cardBorder, 1));
    painter->drawLine(QPointF(1, NodeGeometry::HeaderHeight),
                      QPointF(card.width() - 1, NodeGeometry::HeaderHeight));

    QFont font = painter->font();
    QFont bold = font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(QColor(0x1f, 0x29, 0x37));
    qreal right = card.width() - 12;
    if (m_status || !m_problem.isEmpty())
        right -= 16;
    const QRectF title(12, 0, right - 12, NodeGeometry::HeaderHeight);
    const QString name = painter->fontMetrics().elidedText(m_stage.displayName(), Qt::ElideRight,
                                                           int(title.width()));
    painter->drawText(title, Qt::AlignVCenter | Qt::AlignLeft, name);
    if (m_status) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(statusColor(*m_status));
        painter->drawEllipse(QPointF(card.width() - 18, NodeGeometry::HeaderHeight / 2), 5, 5);
    } else if (!m_problem.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(problemColor);
        painter->drawEllipse(QPointF(card.width() - 18, NodeGeometry::HeaderHeight / 2), 6, 6);
        painter->setPen(Qt::white);
        painter->setFont(bold);
        painter->drawText(QRectF(card.width() - 24, NodeGeometry::HeaderHeight / 2 - 6, 12, 12),
                          Qt::AlignCenter, QStringLiteral("!"));
    }

    // Steps.
    painter->setFont(font);
    qreal y = NodeGeometry::HeaderHeight + NodeGeometry::Padding / 2;
    const int shown = int(qMin<qsizetype>(m_stage.steps.size(), NodeGeometry::MaxStepsShown));
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    for (int i = 0; i < shown; ++i) {
        const core::StepSpec &step = m_stage.steps[i];
        const QRectF icon(12, y + 3, 14, 14);
        painter->setPen(Qt::NoPen);
        painter->setBrush(kindColor(step.kind));
        painter->drawRoundedRect(icon, 3, 3);
        painter->setPen(Qt::white);
        painter->setFont(small);
        painter->drawText(icon, Qt::AlignCenter, kindLetter(step.kind));
        painter->setFont(font);
        painter->setPen(QColor(0x33, 0x3d, 0x4a));
        const QRectF text(32, y, card.width() - 44, NodeGeometry::StepHeight);
        painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft,
                          painter->fontMetrics().elidedText(
                              step.displayName().section(u'\n', 0, 0), Qt::ElideRight,
                              int(text.width())));
        y += NodeGeometry::StepHeight;
    }
    if (m_stage.steps.isEmpty() || m_stage.steps.size() > NodeGeometry::MaxStepsShown) {
        painter->setPen(mutedText);
        const QString text = m_stage.steps.isEmpty()
            ? QObject::tr("no steps — drop one here")
            : QObject::tr("+%1 more").arg(m_stage.steps.size() - NodeGeometry::MaxStepsShown);
        painter->drawText(QRectF(12, y, card.width() - 24, NodeGeometry::StepHeight),
                          Qt::AlignVCenter | Qt::AlignLeft, text);
    }

    // Ports.
    painter->setPen(QPen(QColor(0x8a, 0x97, 0xa8), 1.5));
    painter->setBrush(Qt::white);
    painter->drawEllipse(NodeGeometry::inputPort(), NodeGeometry::PortRadius - 1,
                         NodeGeometry::PortRadius - 1);
    painter->setPen(QPen(accent, 1.5));
    painter->setBrush(selected ? accent : QColor(0xdd, 0xe9, 0xfb));
    painter->drawEllipse(NodeGeometry::outputPort(m_size), NodeGeometry::PortRadius,
                         NodeGeometry::PortRadius);
}

QVariant StageNodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        if (auto *s = qobject_cast<PipelineScene *>(scene()))
            s->nodeMoved(this);
    } else if (change == ItemSelectedHasChanged) {
        update();
    }
    return QGraphicsItem::itemChange(change, value);
}

} // namespace pw::ui
