#pragma once

#include "core/run/runstatus.h"
#include "core/pipeline/pipeline.h"

#include <QGraphicsItem>
#include <optional>

namespace pw::ui {

// One stage drawn as a card: its name, a row per step with the kind's icon, a status dot
// during runs, an input port on the left and an output port on the right (drag from it to
// another stage to make that stage need this one). Painting is cached per device.
class StageNodeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };

    explicit StageNodeItem(const core::StageSpec &stage);

    int type() const override { return Type; }
    QString stageId() const { return m_stage.id; }
    const core::StageSpec &stage() const { return m_stage; }
    void setStage(const core::StageSpec &stage);
    void setStatus(std::optional<core::StageStatus> status);
    std::optional<core::StageStatus> status() const { return m_status; }
    void setProblem(const QString &problem);
    void setDropHighlight(bool on);

    QPointF outputPortScenePos() const;
    QPointF inputPortScenePos() const;
    bool isOnOutputPort(const QPointF &scenePos) const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
               QWidget *widget) override;

    // Each step kind keeps one colour and letter everywhere, so a kind reads at a glance.
    static QColor kindColor(const QString &kind);
    static QString kindLetter(const QString &kind);
    static QColor statusColor(core::StageStatus status);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    core::StageSpec m_stage;
    QSizeF m_size;
    std::optional<core::StageStatus> m_status;
    QString m_problem;
    bool m_dropHighlight = false;
};

} // namespace pw::ui
