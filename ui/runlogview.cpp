#include "runlogview.h"

#include "logview/logview.h"
#include "logview/logviewer.h"
#include "logview/logviewmodel.h"

#include "core/logs/logbuffer.h"
#include "core/logs/runlogassembler.h"

#include <QVBoxLayout>

namespace pw::ui {

RunLogView::RunLogView(core::RunEngine *engine, QWidget *parent)
    : QWidget(parent)
    , m_assembler(new core::RunLogAssembler(engine, this))
    , m_viewer(new LogViewer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_viewer);
    connect(m_assembler, &core::RunLogAssembler::bufferChanged, this,
            [this](core::LogBuffer *buffer) { m_viewer->setSource(buffer); });
}

void RunLogView::setRun(qint64 runId)
{
    // Detach the viewer before the assembler deletes the old buffer.
    m_viewer->setSource(nullptr);
    m_assembler->setRun(runId);
}

bool RunLogView::showStage(const QString &stageId)
{
    const core::LogBuffer *buffer = m_assembler->buffer();
    if (!buffer)
        return false;
    const auto &groups = buffer->groups();
    for (size_t i = 0; i < groups.size(); ++i) {
        if (groups[i].kind != core::LogGroup::Kind::Stage || groups[i].name != stageId)
            continue;
        LogView *view = m_viewer->view();
        view->model()->setCollapsed(int(i), false);
        view->goToLine(groups[i].headerLine);
        return true;
    }
    return false;
}

} // namespace pw::ui

namespace pw::ui {

QString RunLogView::toPlainText() const
{
    const core::LogBuffer *buffer = m_assembler->buffer();
    if (!buffer)
        return QString();
    QString text;
    for (qint64 line = 0; line < buffer->lineCount(); ++line)
        text += QString::fromUtf8(buffer->lineBytes(line)) + u'\n';
    return text;
}

} // namespace pw::ui
