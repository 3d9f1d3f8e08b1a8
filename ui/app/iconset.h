#pragma once

#include "core/pipeline/diagnostic.h"

#include <QIcon>

namespace pw::ui {

// The application's own icons, drawn as SVG in resources/icons and compiled into the ui
// library. One place to name them so every view shows the same picture for the same thing.
class IconSet
{
public:
    static QIcon application();
    static QIcon severity(core::Diagnostic::Severity severity);
    static QIcon area(const QString &name); // "pipeline", "runs", "environments", "simulator"
};

} // namespace pw::ui
