#pragma once

#include <QWidget>

class QFormLayout;
class QLabel;
class QScrollArea;
class QVBoxLayout;

namespace pw::ui {

class PipelineDocument;

// The form for the selected stage: its own keys and, per step, the fields of the step's kind
// from StepKindRegistry. A field is written back when editing finishes (one undo step per
// field); problems of the stage and empty required fields show inline in red.
class StageInspector : public QWidget
{
    Q_OBJECT

public:
    explicit StageInspector(PipelineDocument *document, QWidget *parent = nullptr);

    void setStage(const QString &id);
    QString stageId() const { return m_stageId; }

private:
    void rebuild();
    QWidget *stageForm();
    QWidget *stepForm(int index);

    PipelineDocument *m_document;
    QString m_stageId;
    QVBoxLayout *m_content;
    QWidget *m_body = nullptr;
};

} // namespace pw::ui
