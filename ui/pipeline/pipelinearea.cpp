#include "pipelinearea.h"

#include "pipelineeditor.h"
#include "pipelinedocument.h"
#include "pipelinegraphview.h"
#include "pipelinescene.h"
#include "problemsmodel.h"
#include "problemsview.h"
#include "yamlview.h"

#include <QDataStream>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QUndoStack>
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
    , m_editor(new PipelineEditor(m_document))
    , m_typingTimer(new QTimer(this))
    , m_yaml(new YamlView)
    , m_problems(new ProblemsModel(this))
    , m_problemsView(new ProblemsView(m_problems))
    , m_problemsTitle(new QLabel(tr("Problems")))
    , m_outer(new QSplitter(Qt::Vertical, this))
    , m_inner(new QSplitter(Qt::Horizontal))
{
    m_editor->setObjectName(QStringLiteral("pipelineEditor"));
    m_yaml->setObjectName(QStringLiteral("yamlView"));
    m_problemsView->setObjectName(QStringLiteral("problemsView"));
    m_yaml->setEditable(true);
    // Text is re-read once typing pauses, so a half-typed line does not flash errors.
    m_typingTimer->setSingleShot(true);
    m_typingTimer->setInterval(TypingDelayMs);

    m_inner->addWidget(titled(new QLabel(tr("Stages")), m_editor, m_inner));
    m_inner->addWidget(titled(new QLabel(tr("YAML")), m_yaml, m_inner));
    m_inner->setStretchFactor(0, 3);
    m_inner->setStretchFactor(1, 2);
    m_inner->setChildrenCollapsible(false);

    m_outer->addWidget(m_inner);
    m_outer->addWidget(titled(m_problemsTitle, m_problemsView, m_outer));
    m_outer->setStretchFactor(0, 5);
    m_outer->setStretchFactor(1, 1);
    m_outer->setSizes({640, 140});
    m_inner->setSizes({600, 400}); // refined by sizePanes() once the width is known
    m_outer->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_outer);

    connect(m_inner, &QSplitter::splitterMoved, this, [this] { m_panesSized = true; });
    connect(m_document, &PipelineDocument::loadStarted, this, &PipelineArea::summaryChanged);
    connect(m_document, &PipelineDocument::loaded, this, &PipelineArea::showLoaded);
    connect(m_problemsView, &ProblemsView::problemActivated, m_yaml, &YamlView::jumpTo);
    connect(m_editor, &PipelineEditor::stageActivated, this, &PipelineArea::jumpToStage);
    connect(m_document, &PipelineDocument::textChanged, this, &PipelineArea::showText);
    connect(m_document, &PipelineDocument::diagnosticsChanged, this,
            &PipelineArea::showDiagnostics);
    connect(m_document, &PipelineDocument::modifiedChanged, this,
            &PipelineArea::summaryChanged);
    // A save or a run takes the YAML pane's text as it is, typing pause or not.
    connect(m_document, &PipelineDocument::pendingEditsRequested, this, [this] {
        if (m_typingTimer->isActive())
            flushTyping();
    });
    // Asked from the event loop, not from inside the document's read of the file.
    connect(m_document, &PipelineDocument::changedOnDisk, this,
            &PipelineArea::askAboutDiskChange, Qt::QueuedConnection);
    connect(m_yaml, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_settingText)
            m_typingTimer->start();
    });
    connect(m_typingTimer, &QTimer::timeout, this, &PipelineArea::flushTyping);
    connect(m_yaml, &YamlView::undoRequested, this, [this] {
        flushTyping();
        m_document->undoStack()->undo();
    });
    connect(m_yaml, &YamlView::redoRequested, this, [this] {
        flushTyping();
        m_document->undoStack()->redo();
    });
}

bool PipelineArea::openFile(const QString &path)
{
    return m_document->open(path);
}

bool PipelineArea::reload()
{
    if (!m_document->hasFile())
        return false;
    m_document->flushPendingEdits();
    if (m_document->isModified()) {
        QMessageBox box(QMessageBox::Warning, tr("Reload"),
                        tr("Reload %1 from disk?").arg(QFileInfo(m_document->path()).fileName()),
                        QMessageBox::NoButton, window());
        box.setObjectName(QStringLiteral("reloadBox"));
        box.setInformativeText(tr("Your unsaved edits will be lost."));
        QPushButton *reload = box.addButton(tr("&Reload"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != reload)
            return false;
    }
    return m_document->reload();
}

bool PipelineArea::maybeSave()
{
    m_document->flushPendingEdits();
    if (!m_document->isModified())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                    tr("%1 has unsaved changes.").arg(QFileInfo(m_document->path()).fileName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, window());
    box.setObjectName(QStringLiteral("unsavedChangesBox"));
    box.setInformativeText(tr("Save them before going on?"));
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    switch (box.exec()) {
    case QMessageBox::Save: {
        QString error;
        if (save(&error))
            return true;
        QMessageBox::warning(window(), tr("Could not save"),
                             tr("%1 could not be saved: %2").arg(m_document->path(), error));
        return false;
    }
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void PipelineArea::askAboutDiskChange()
{
    if (m_askingAboutDisk || !m_document->hasPendingDiskChange())
        return;
    m_askingAboutDisk = true;
    QMessageBox box(QMessageBox::Question, tr("File changed on disk"),
                    tr("%1 was changed outside Pipewright.")
                        .arg(QFileInfo(m_document->path()).fileName()),
                    QMessageBox::NoButton, window());
    box.setObjectName(QStringLiteral("changedOnDiskBox"));
    box.setInformativeText(tr("Reload it and lose your unsaved edits, or keep your edits "
                              "(saving them then overwrites the other change)?"));
    QPushButton *reload = box.addButton(tr("&Reload"), QMessageBox::DestructiveRole);
    QPushButton *keep = box.addButton(tr("&Keep My Edits"), QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    m_askingAboutDisk = false;
    if (box.clickedButton() == reload)
        m_document->acceptDiskChange();
    else
        m_document->keepEditsOverDiskChange();
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
    if (m_inner->restoreState(inner))
        m_panesSized = true;
}

void PipelineArea::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    sizePanes();
}

void PipelineArea::sizePanes()
{
    if (m_panesSized)
        return;
    // The YAML pane gets a third of the width, but never more than the graph canvas, which
    // shares the editor with the fixed-width step palette and inspector.
    const int width = this->width() - m_inner->handleWidth(); // m_inner spans the area
    const int fixed = PipelineEditor::PaletteWidth + PipelineEditor::InspectorWidth + 12;
    const int yaml = qMin(width / 3, (width - fixed) / 2);
    if (yaml < m_yaml->minimumSizeHint().width())
        return;
    m_inner->setSizes({width - yaml, yaml});
}

void PipelineArea::showLoaded()
{
    m_typingTimer->stop();
    m_editor->scene()->finishAnimation();
    m_editor->view()->showReadable(); // a newly opened file: readable, its start in view
    emit summaryChanged();
}

void PipelineArea::showText()
{
    const QString text = m_document->text();
    if (m_yaml->toPlainText() == text)
        return;
    m_settingText = true;
    m_yaml->setDocumentText(text);
    m_settingText = false;
    m_yaml->setProblems(m_document->diagnostics());
}

void PipelineArea::showDiagnostics()
{
    const core::Diagnostics &diagnostics = m_document->diagnostics();
    m_yaml->setProblems(diagnostics);
    m_problems->setDiagnostics(diagnostics);
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

void PipelineArea::flushTyping()
{
    m_typingTimer->stop();
    m_document->setTextFromEditor(m_yaml->toPlainText());
}

bool PipelineArea::save(QString *error)
{
    return m_document->save(error); // takes pending typing first
}

bool PipelineArea::saveAs(const QString &path, QString *error)
{
    return m_document->saveAs(path, error);
}

void PipelineArea::setRunEngine(core::RunEngine *engine)
{
    m_editor->setRunEngine(engine);
}

void PipelineArea::jumpToStage(const QString &id)
{
    const core::StageSpec *stage = m_document->pipeline().stage(id);
    if (stage && stage->location.isValid())
        m_yaml->jumpTo(stage->location.line, stage->location.column);
}

} // namespace pw::ui
