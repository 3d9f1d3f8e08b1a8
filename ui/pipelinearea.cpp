#include "pipelinearea.h"

#include "dagoverview.h"
#include "pipelinedocument.h"
#include "problemsmodel.h"
#include "problemsview.h"
#include "yamlview.h"

#include <QDataStream>
#include <QFileInfo>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace pw::ui {

namespace {

// A titled pane: a small bold heading above the widget, as in an IDE's tool panes.
QWidget *titled(QLabel *title, QWidget *content, QWidget *parent)
{
    auto *pane = new QWidget(parent);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    title->setContentsMargins(8, 5, 8, 5);
    QFont font = title->font();
    font.setBold(true);
    title->setFont(font);
    layout->addWidget(title);
    layout->addWidget(content, 1);
    return pane;
}

} // namespace

PipelineArea::PipelineArea(QWidget *parent)
    : QWidget(parent)
    , m_document(new PipelineDocument(this))
    , m_dag(new DagOverview)
    , m_yaml(new YamlView)
    , m_problems(new ProblemsModel(this))
    , m_problemsView(new ProblemsView(m_problems))
    , m_problemsTitle(new QLabel(tr("Problems")))
    , m_outer(new QSplitter(Qt::Vertical, this))
    , m_inner(new QSplitter(Qt::Horizontal))
{
    m_dag->setObjectName(QStringLiteral("dagOverview"));
    m_yaml->setObjectName(QStringLiteral("yamlView"));
    m_problemsView->setObjectName(QStringLiteral("problemsView"));

    auto *dagScroll = new QScrollArea;
    dagScroll->setWidget(m_dag);
    dagScroll->setWidgetResizable(true);
    dagScroll->setFrameShape(QFrame::NoFrame);

    m_inner->addWidget(titled(new QLabel(tr("Stages")), dagScroll, m_inner));
    m_inner->addWidget(titled(new QLabel(tr("YAML")), m_yaml, m_inner));
    m_inner->setStretchFactor(0, 3);
    m_inner->setStretchFactor(1, 2);
    m_inner->setChildrenCollapsible(false);

    m_outer->addWidget(m_inner);
    m_outer->addWidget(titled(m_problemsTitle, m_problemsView, m_outer));
    m_outer->setStretchFactor(0, 5);
    m_outer->setStretchFactor(1, 1);
    m_outer->setSizes({640, 140});
    m_inner->setSizes({900, 400});
    m_outer->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_outer);

    connect(m_document, &PipelineDocument::loadStarted, this, &PipelineArea::showLoadStarted);
    connect(m_document, &PipelineDocument::loaded, this, &PipelineArea::showLoaded);
    connect(m_problemsView, &ProblemsView::problemActivated, m_yaml, &YamlView::jumpTo);
    connect(m_dag, &DagOverview::stageActivated, this, &PipelineArea::jumpToStage);
}

bool PipelineArea::openFile(const QString &path)
{
    return m_document->open(path);
}

bool PipelineArea::reload()
{
    return m_document->hasFile() && m_document->reload();
}

QString PipelineArea::summary() const
{
    if (!m_document->hasFile())
        return {};
    if (m_document->isLoading())
        return tr("Loading %1…").arg(QFileInfo(m_document->path()).fileName());
    const int stages = int(m_document->pipeline().stages.size());
    const int problems = int(m_document->diagnostics().size());
    return (stages == 1 ? tr("1 stage") : tr("%1 stages").arg(stages)) + QStringLiteral(", ")
        + (problems == 1 ? tr("1 problem") : tr("%1 problems").arg(problems));
}

QByteArray PipelineArea::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << m_outer->saveState() << m_inner->saveState();
    return state;
}

void PipelineArea::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    QByteArray outer, inner;
    in >> outer >> inner;
    if (in.status() != QDataStream::Ok)
        return;
    m_outer->restoreState(outer);
    m_inner->restoreState(inner);
}

void PipelineArea::showLoadStarted()
{
    emit summaryChanged();
}

void PipelineArea::showLoaded()
{
    const core::Diagnostics &diagnostics = m_document->diagnostics();
    m_yaml->setDocumentText(m_document->text());
    m_yaml->setProblems(diagnostics);
    m_problems->setDiagnostics(diagnostics);

    if (m_document->ioError()) {
        const QString reason = diagnostics.isEmpty() ? QString() : diagnostics.first().message;
        m_dag->setMessage(tr("Could not read %1.\n%2")
                              .arg(QFileInfo(m_document->path()).fileName(), reason));
    } else {
        m_dag->setPipeline(m_document->pipeline());
    }

    const int errors = m_problems->errorCount();
    const int warnings = m_problems->warningCount();
    if (diagnostics.isEmpty())
        m_problemsTitle->setText(tr("Problems — none"));
    else
        m_problemsTitle->setText(
            tr("Problems — %1, %2")
                .arg(errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors),
                     warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings)));
    emit summaryChanged();
}

void PipelineArea::jumpToStage(int stageIndex)
{
    const core::Pipeline &pipeline = m_document->pipeline();
    if (stageIndex < 0 || stageIndex >= pipeline.stages.size())
        return;
    const core::SourceLocation location = pipeline.stages[stageIndex].location;
    if (location.isValid())
        m_yaml->jumpTo(location.line, location.column);
}

} // namespace pw::ui
