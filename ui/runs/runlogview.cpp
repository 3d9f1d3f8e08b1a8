#include "runlogview.h"

#include "ui/logview/logview.h"
#include "ui/logview/logviewer.h"
#include "ui/logview/logviewmodel.h"

#include "core/logs/logbuffer.h"
#include "core/logs/runlogassembler.h"

#include <QLabel>
#include <QVBoxLayout>

#include <utility>

namespace pw::ui {

RunLogView::RunLogView(core::RunEngine *engine, QWidget *parent)
    : QWidget(parent)
    , m_assembler(new core::RunLogAssembler(engine, this))
    , m_viewer(new LogViewer(this))
    , m_loadingLabel(new QLabel(this))
{
    m_loadingLabel->setContentsMargins(8, 4, 8, 4);
    m_loadingLabel->setForegroundRole(QPalette::PlaceholderText);
    m_loadingLabel->hide();
    m_loadingDelay.setSingleShot(true);
    m_loadingDelay.setInterval(150);
    connect(&m_loadingDelay, &QTimer::timeout, m_loadingLabel, &QWidget::show);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_loadingLabel);
    layout->addWidget(m_viewer, 1);
    connect(m_assembler, &core::RunLogAssembler::bufferChanged, this,
            [this](core::LogBuffer *buffer) {
                m_loadingDelay.stop();
                m_loadingLabel->hide();
                m_viewer->setSource(buffer);
                if (!m_pendingStage.isEmpty())
                    scrollToStage(std::exchange(m_pendingStage, QString()));
            });
}

void RunLogView::setRun(qint64 runId)
{
    // Detach the viewer before the assembler deletes the old buffer.
    m_viewer->setSource(nullptr);
    m_pendingStage.clear();
    m_assembler->setRun(runId);
    if (m_assembler->isLoading()) {
        m_loadingLabel->setText(tr("Reading the log of run #%1 …").arg(runId));
        m_loadingDelay.start();
    }
}

bool RunLogView::isLoading() const
{
    return m_assembler->isLoading();
}

bool RunLogView::showStage(const QString &stageId)
{
    if (m_assembler->isLoading()) {
        m_pendingStage = stageId;
        return true;
    }
    return scrollToStage(stageId);
}

bool RunLogView::scrollToStage(const QString &stageId)
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
