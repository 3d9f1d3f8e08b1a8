#include "stageinspector.h"

#include "pipelinedocument.h"
#include "stagenodeitem.h"

#include "core/pipeline/duration.h"
#include "core/pipeline/source/pipelinesource.h"
#include "core/pipeline/stepkindregistry.h"

#include <QApplication>
#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace pw::ui {

namespace {

QLabel *problemLabel(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #d64541;"));
    return label;
}

QString listText(const QVariant &value)
{
    return value.toStringList().join(QStringLiteral(", "));
}

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        out.append(part.trimmed());
    return out;
}

} // namespace

StageInspector::StageInspector(PipelineDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *holder = new QWidget;
    m_content = new QVBoxLayout(holder);
    m_content->setContentsMargins(8, 8, 8, 8);
    scroll->setWidget(holder);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    // After an edit the form is rebuilt once control returns to the event loop: the field
    // that sent editingFinished must not be deleted while it is still in its handler.
    connect(document, &PipelineDocument::pipelineChanged, this, [this] {
        QTimer::singleShot(0, this, &StageInspector::rebuild);
    });
    // A field is written when editing finishes; a save or a run finishes the one being typed
    // into, so what runs is what the form shows.
    connect(document, &PipelineDocument::pendingEditsRequested, this, [this] {
        auto *edit = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        if (edit && isAncestorOf(edit) && edit->isModified())
            edit->clearFocus(); // QLineEdit sends editingFinished when it loses focus
    });
    rebuild();
}

void StageInspector::setStage(const QString &id)
{
    if (id == m_stageId)
        return;
    m_stageId = id;
    rebuild();
}

void StageInspector::rebuild()
{
    delete m_body;
    m_body = new QWidget;
    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(0, 0, 0, 0);
    const core::StageSpec *stage = m_document->pipeline().stage(m_stageId);
    if (!stage) {
        auto *hint = new QLabel(tr("Select a stage to edit it.\n\nDrag from a stage's right "
                                   "port to another stage to make it a dependency; drag a step "
                                   "kind from the palette onto a stage to add a step."));
        hint->setWordWrap(true);
        hint->setStyleSheet(QStringLiteral("color: #5f6b7a;"));
        layout->addWidget(hint);
    } else {
        layout->addWidget(stageForm());
        for (int i = 0; i < stage->steps.size(); ++i)
            layout->addWidget(stepForm(i));
    }
    layout->addStretch(1);
    m_content->addWidget(m_body);
    // A widget added to a shown layout is only shown from the event loop; until then the
    // pane was blank (and a grab of the window showed it blank). Show the form right away.
    m_body->show();
}

QWidget *StageInspector::stageForm()
{
    const core::StageSpec stage = *m_document->pipeline().stage(m_stageId);
    auto *box = new QGroupBox(tr("Stage"));
    auto *form = new QFormLayout(box);
    const QString id = stage.id;

    auto *idEdit = new QLineEdit(stage.id);
    idEdit->setObjectName(QStringLiteral("stageIdEdit"));
    connect(idEdit, &QLineEdit::editingFinished, this, [this, idEdit, id] {
        if (idEdit->text() != id && !m_document->renameStage(id, idEdit->text().trimmed()))
            idEdit->setText(id);
        else
            m_stageId = idEdit->text().trimmed();
    });
    form->addRow(tr("Id"), idEdit);

    auto addText = [&](const QString &key, const QString &label, const QString &value) {
        auto *edit = new QLineEdit(value);
        edit->setCursorPosition(0); // a long value shows its start, not its end
        edit->setObjectName(QStringLiteral("stage_") + key);
        connect(edit, &QLineEdit::editingFinished, this, [this, edit, id, key, value] {
            const QString text = edit->text().trimmed();
            if (text == value)
                return;
            if (text.isEmpty())
                m_document->removeStageKey(id, key);
            else
                m_document->setStageValue(id, key, core::PipelineSource::scalar(text));
        });
        form->addRow(label, edit);
        return edit;
    };
    addText(QStringLiteral("name"), tr("Name"), stage.name);
    addText(QStringLiteral("image"), tr("Image"), stage.image);
    addText(QStringLiteral("timeout"), tr("Timeout"),
            stage.timeoutMs ? core::formatDuration(stage.timeoutMs) : QString());
    form->addRow(tr("Needs"), new QLabel(stage.needs.isEmpty()
                                             ? tr("(none)")
                                             : stage.needs.join(QStringLiteral(", "))));

    // Problems the loader found inside this stage's lines.
    const core::Pipeline &pipeline = m_document->pipeline();
    int start = stage.location.line, end = INT_MAX;
    for (const core::StageSpec &s : pipeline.stages) {
        if (s.location.line > start)
            end = qMin(end, s.location.line);
    }
    for (const core::Diagnostic &d : m_document->diagnostics()) {
        if (d.location.line >= start && d.location.line < end)
            form->addRow(problemLabel(QStringLiteral("%1: %2").arg(d.location.line)
                                          .arg(d.message)));
    }
    return box;
}

QWidget *StageInspector::stepForm(int index)
{
    const core::StepSpec step = m_document->pipeline().stage(m_stageId)->steps[index];
    const core::StepKind *kind = core::StepKindRegistry::instance().find(step.kind);
    auto *box = new QGroupBox(tr("Step %1 — %2").arg(index + 1)
                                  .arg(kind ? kind->title : step.kind));
    auto *form = new QFormLayout(box);
    const QString id = m_stageId;
    if (!kind)
        return box;
    for (const core::StepField &field : kind->fields) {
        using T = core::StepField::Type;
        const QString name = field.name;
        const QVariant value = step.params.value(name);
        QWidget *editor = nullptr;
        if (field.type == T::Bool) {
            auto *check = new QCheckBox;
            check->setChecked(value.toBool());
            connect(check, &QCheckBox::toggled, this, [this, id, index, name](bool on) {
                m_document->setStepValue(id, index, name,
                                         on ? QStringLiteral("true") : QStringLiteral("false"));
            });
            editor = check;
        } else if (field.type == T::StringMap) {
            QStringList pairs;
            const QVariantMap map = value.toMap();
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                pairs.append(it.key() + QStringLiteral(": ") + it.value().toString());
            auto *label = new QLabel(pairs.isEmpty() ? tr("(none — edit in YAML)")
                                                     : pairs.join(u'\n'));
            label->setToolTip(tr("Maps are edited in the YAML pane."));
            editor = label;
        } else {
            const bool list = field.type == T::StringList;
            const QString text = list ? listText(value) : value.toString();
            auto *edit = new QLineEdit(text);
            edit->setCursorPosition(0); // a long command shows its start, not its end
            edit->setObjectName(QStringLiteral("step%1_%2").arg(index).arg(name));
            edit->setPlaceholderText(field.description);
            connect(edit, &QLineEdit::editingFinished, this,
                    [this, edit, id, index, name, text, list] {
                        const QString now = edit->text().trimmed();
                        if (now == text)
                            return;
                        m_document->setStepValue(
                            id, index, name,
                            list ? core::PipelineSource::flowList(splitList(now))
                                 : core::PipelineSource::scalar(now));
                    });
            editor = edit;
        }
        editor->setToolTip(field.description);
        form->addRow(field.name + (field.required ? QStringLiteral(" *") : QString()), editor);
        const bool empty = !value.isValid()
            || (field.type == T::StringList ? value.toStringList().isEmpty()
                : field.type == T::StringMap ? value.toMap().isEmpty()
                                             : value.toString().trimmed().isEmpty());
        if (field.required && empty)
            form->addRow(problemLabel(tr("%1 is required.").arg(field.name)));
    }
    return box;
}

} // namespace pw::ui
