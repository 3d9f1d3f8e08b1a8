#pragma once

#include "core/run/runstatus.h"

#include <QColor>
#include <QIcon>

namespace pw::ui {

// One colour per life-cycle state, shared by every view that shows run or stage status, so
// "failed" is the same red in the runs list, the stage list and (later) the graph.
class StatusPalette
{
public:
    static QColor color(core::RunStatus status);
    static QColor color(core::StageStatus status);
    static QIcon icon(core::RunStatus status);
    static QIcon icon(core::StageStatus status);

private:
    static QIcon dot(const QColor &color, bool hollow);
};

} // namespace pw::ui
