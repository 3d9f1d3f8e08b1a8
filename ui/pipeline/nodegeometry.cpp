#include "nodegeometry.h"

namespace pw::ui {

int NodeGeometry::stepRows(const core::StageSpec &stage)
{
    const int steps = int(stage.steps.size());
    if (steps == 0)
        return 1; // "no steps yet"
    return steps > MaxStepsShown ? MaxStepsShown + 1 : steps;
}

QSizeF NodeGeometry::size(const core::StageSpec &stage)
{
    return {Width, HeaderHeight + stepRows(stage) * StepHeight + Padding};
}

} // namespace pw::ui
