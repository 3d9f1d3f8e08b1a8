#include "linenumberarea.h"

#include "yamlview.h"

namespace pw::ui {

LineNumberArea::LineNumberArea(YamlView *view)
    : QWidget(view)
    , m_view(view)
{
}

QSize LineNumberArea::sizeHint() const
{
    return {m_view->lineNumberAreaWidth(), 0};
}

void LineNumberArea::paintEvent(QPaintEvent *event)
{
    m_view->paintLineNumbers(event);
}

} // namespace pw::ui
