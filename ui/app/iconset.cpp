#include "iconset.h"

// Q_INIT_RESOURCE must be used outside any namespace; the resources live in a static library,
// whose initializer the linker would otherwise drop.
static void initUiResources()
{
    Q_INIT_RESOURCE(pipewright);
}

namespace pw::ui {

namespace {

QIcon fromResource(const QString &file)
{
    static const bool initialized = [] {
        initUiResources();
        return true;
    }();
    Q_UNUSED(initialized);
    return QIcon(QStringLiteral(":/pipewright/icons/") + file);
}

} // namespace

QIcon IconSet::application()
{
    return fromResource(QStringLiteral("pipewright.svg"));
}

QIcon IconSet::severity(core::Diagnostic::Severity severity)
{
    switch (severity) {
    case core::Diagnostic::Severity::Error:
        return fromResource(QStringLiteral("severity-error.svg"));
    case core::Diagnostic::Severity::Warning:
        return fromResource(QStringLiteral("severity-warning.svg"));
    case core::Diagnostic::Severity::Note:
        break;
    }
    return fromResource(QStringLiteral("severity-note.svg"));
}

QIcon IconSet::area(const QString &name)
{
    return fromResource(QStringLiteral("area-") + name + QStringLiteral(".svg"));
}

} // namespace pw::ui
