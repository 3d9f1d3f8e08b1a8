#include "dagoverview.h"

#include "core/pipeline/duration.h"
#include "core/pipeline/stepkindregistry.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace pw::ui {

namespace {

const QColor cardBorder(0xc5, 0xcd, 0xd8);
const QColor cardAccent(0x2f, 0x80, 0xed);
const QColor headerFill(0xee, 0xf3, 0xfa);
const QColor edgeColor(0x8a, 0x97, 0xa8);
const QColor problemColor(0xd6, 0x45, 0x41);
const QColor mutedText(0x5f, 0x6b, 0x7a);

// Each step kind keeps one colour everywhere, so a Docker step is recognisable at a glance.
QColor kindColor(const QString &kind)
{
    if (kind == u"run")
        return {0x4a, 0x5a, 0x6d};
    if (kind.startsWith(u"docker"))
        return {0x1d, 0x7f, 0xc4};
    if (kind.startsWith(u"kube") || kind == u"rollout")
        return {0x32, 0x6c, 0xe5};
    if (kind.contains(u"gate"))
        return {0x8e, 0x44, 0xad};
    if (kind.contains(u"blue") || kind.contains(u"green") || kind.contains(u"deploy"))
        return {0x27, 0x8e, 0x5a};
    return {0x7f, 0x8c, 0x8d};
}

} // namespace

DagOverview::DagOverview(QWidget *parent)
    : QWidget(parent)
{
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setMouseTracking(true);
    m_message = tr("No pipeline open.\nFile › Open (Ctrl+O) shows its stages here.");
}

void DagOverview::setPipeline(const core::Pipeline &pipeline)
{
    m_pipeline = pipeline;
    m_layout.compute(m_pipeline);
    m_message = m_pipeline.stages.isEmpty() ? tr("This pipeline has no stages.") : QString();
    setMinimumSize((m_layout.size() * MinScale).toSize());
    updateGeometry();
    update();
}

void DagOverview::setMessage(const QString &message)
{
    m_pipeline = {};
    m_layout.compute(m_pipeline);
    m_message = message;
    setMinimumSize(0, 0);
    updateGeometry();
    update();
}

qreal DagOverview::scale() const
{
    const QSizeF content = m_layout.size();
    if (content.isEmpty())
        return 1.0;
    const qreal fit = qMin(width() / content.width(), height() / content.height());
    return qBound(MinScale, fit, 1.0);
}

int DagOverview::nodeAt(const QPointF &widgetPoint) const
{
    return m_layout.nodeAt(widgetPoint / scale());
}

QString DagOverview::stepLabel(const core::StepSpec &step)
{
    // The step's name, else the value of its kind's main field (the image, the metrics
    // file, ...), which says more than the kind the pill already shows.
    if (!step.name.isEmpty())
        return step.name;
    if (const core::StepKind *kind = core::StepKindRegistry::instance().find(step.kind)) {
        QVariant value = step.params.value(kind->primaryField);
        // A build context is usually just "."; the image it produces names the step better.
        if (value.toString() == u"." && step.params.contains(QStringLiteral("tags")))
            value = step.params.value(QStringLiteral("tags"));
        const QString text = value.typeId() == QMetaType::QStringList
            ? value.toStringList().join(QStringLiteral(", "))
            : value.toString();
        if (!text.isEmpty())
            return text.section(QLatin1Char('\n'), 0, 0).trimmed();
    }
    return step.displayName();
}

QSize DagOverview::sizeHint() const
{
    return m_layout.size().toSize().expandedTo(QSize(320, 200));
}

void DagOverview::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (!m_message.isEmpty()) {
        painter.setPen(mutedText);
        painter.drawText(rect(), Qt::AlignCenter, m_message);
        return;
    }
    painter.scale(scale(), scale());
    paintEdges(painter);
    for (const DagLayout::Node &node : m_layout.nodes())
        paintCard(painter, node);
}

void DagOverview::paintEdges(QPainter &painter) const
{
    const QList<DagLayout::Node> &nodes = m_layout.nodes();
    for (const DagLayout::Edge &edge : m_layout.edges()) {
        const QRectF from = nodes[edge.from].rect;
        const QRectF to = nodes[edge.to].rect;
        const QPointF start(from.right(), from.top() + DagLayout::HeaderHeight / 2);
        const QPointF end(to.left(), to.top() + DagLayout::HeaderHeight / 2);
        const qreal bend = qMax<qreal>(DagLayout::ColumnGap / 2,
                                       qAbs(end.x() - start.x()) / 2);
        QPainterPath path(start);
        path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end);
        QPen pen(edge.backward ? problemColor : edgeColor, 1.6);
        if (edge.backward)
            pen.setStyle(Qt::DashLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
        // Arrow head pointing into the dependent stage.
        QPolygonF head;
        head << end << end + QPointF(-7, -4) << end + QPointF(-7, 4);
        painter.setBrush(pen.color());
        painter.setPen(Qt::NoPen);
        painter.drawPolygon(head);
    }
}

void DagOverview::paintCard(QPainter &painter, const DagLayout::Node &node) const
{
    const core::StageSpec &stage = m_pipeline.stages[node.stageIndex];
    const QRectF card = node.rect;
    const qreal pad = DagLayout::Padding;

    QPainterPath outline;
    outline.addRoundedRect(card, 6, 6);
    painter.setPen(QPen(cardBorder, 1));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawPath(outline);

    // Header band with the stage's name; its left edge carries the accent (later: status).
    painter.save();
    painter.setClipPath(outline);
    painter.fillRect(QRectF(card.left(), card.top(), card.width(), DagLayout::HeaderHeight),
                     headerFill);
    painter.fillRect(QRectF(card.left(), card.top(), 4, card.height()), cardAccent);
    painter.restore();

    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::Text));
    const QRectF titleRect(card.left() + pad + 4, card.top(), card.width() - 2 * pad - 4,
                           DagLayout::HeaderHeight);
    painter.drawText(titleRect, Qt::AlignVCenter | Qt::AlignLeft,
                     QFontMetrics(bold).elidedText(stage.displayName(), Qt::ElideRight,
                                                   int(titleRect.width())));

    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    const QFontMetrics smallMetrics(small);
    const QFontMetrics metrics(font());
    qreal y = card.top() + DagLayout::HeaderHeight;

    if (DagLayout::hasDetailLine(stage)) {
        QStringList details;
        if (stage.approval.required)
            details << tr("approval");
        if (!stage.when.isDefault())
            details << tr("conditional");
        if (!stage.image.isEmpty())
            details << tr("in %1").arg(stage.image);
        painter.setFont(small);
        painter.setPen(mutedText);
        const QRectF detailRect(card.left() + pad + 4, y + 2, card.width() - 2 * pad - 4,
                                DagLayout::DetailHeight);
        painter.drawText(detailRect, Qt::AlignVCenter | Qt::AlignLeft,
                         smallMetrics.elidedText(details.join(QStringLiteral(" · ")),
                                                 Qt::ElideRight, int(detailRect.width())));
        y += DagLayout::DetailHeight;
    }

    y += pad / 2;
    const qreal left = card.left() + pad + 4;
    const qreal innerWidth = card.width() - 2 * pad - 4;
    if (stage.steps.isEmpty()) {
        painter.setFont(font());
        painter.setPen(mutedText);
        painter.drawText(QRectF(left, y, innerWidth, DagLayout::StepHeight),
                         Qt::AlignVCenter | Qt::AlignLeft, tr("no steps"));
    }
    const int shown = int(qMin<qsizetype>(stage.steps.size(), DagLayout::MaxStepsShown));
    for (int s = 0; s < shown; ++s) {
        const core::StepSpec &step = stage.steps[s];
        const QRectF row(left, y, innerWidth, DagLayout::StepHeight);
        // The kind as a coloured pill, then the step's name.
        painter.setFont(small);
        const qreal pillWidth = smallMetrics.horizontalAdvance(step.kind) + 10;
        const QRectF pill(row.left(), row.top() + 3, pillWidth, row.height() - 6);
        painter.setPen(Qt::NoPen);
        painter.setBrush(kindColor(step.kind));
        painter.drawRoundedRect(pill, 4, 4);
        painter.setPen(Qt::white);
        painter.drawText(pill, Qt::AlignCenter, step.kind);

        painter.setFont(font());
        painter.setPen(palette().color(QPalette::Text));
        const QRectF nameRect(pill.right() + 6, row.top(), row.right() - pill.right() - 6,
                              row.height());
        const QString name = stepLabel(step);
        painter.drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
                         metrics.elidedText(name, Qt::ElideRight, int(nameRect.width())));
        y += DagLayout::StepHeight;
    }
    if (stage.steps.size() > shown) {
        painter.setFont(small);
        painter.setPen(mutedText);
        painter.drawText(QRectF(left, y, innerWidth, DagLayout::StepHeight),
                         Qt::AlignVCenter | Qt::AlignLeft,
                         tr("+ %1 more steps").arg(stage.steps.size() - shown));
    }
}

QString DagOverview::stageToolTip(const core::StageSpec &stage) const
{
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> (%2)").arg(stage.displayName().toHtmlEscaped(),
                                                  stage.id.toHtmlEscaped());
    if (!stage.needs.isEmpty())
        lines << tr("needs: %1").arg(stage.needs.join(QStringLiteral(", ")).toHtmlEscaped());
    if (stage.timeoutMs > 0)
        lines << tr("timeout: %1").arg(core::formatDuration(stage.timeoutMs));
    if (stage.retries > 0)
        lines << tr("retries: %1").arg(stage.retries);
    if (stage.approval.required)
        lines << tr("manual approval").toHtmlEscaped();
    for (const core::StepSpec &step : stage.steps) {
        const core::StepKind *kind = core::StepKindRegistry::instance().find(step.kind);
        lines << QStringLiteral("• %1: %2").arg(
            (kind ? kind->title : step.kind).toHtmlEscaped(),
            stepLabel(step).toHtmlEscaped());
    }
    return lines.join(QStringLiteral("<br>"));
}

void DagOverview::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int node = nodeAt(event->position());
    if (node >= 0)
        emit stageActivated(m_layout.nodes()[node].stageIndex);
    else
        QWidget::mouseDoubleClickEvent(event);
}

bool DagOverview::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int node = nodeAt(help->pos());
        if (node >= 0) {
            QToolTip::showText(help->globalPos(),
                               stageToolTip(m_pipeline.stages[m_layout.nodes()[node].stageIndex]),
                               this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace pw::ui
