#pragma once

#include "core/pipeline/pipeline.h"
#include "core/pipeline/pipelineloader.h"

#include <QString>
#include <QStringList>

namespace pw::core {

// The text of a pipeline file kept as the truth, with minimal edits at the spans of the
// nodes they touch. yaml-cpp drops comments and key order, so the editor never re-emits the
// whole file: each operation finds its stage or step by indentation and rewrites only the
// lines it must. Block-style YAML is edited in place; a flow-style `stages:` list is refused.
// Every edit returns false and leaves the text untouched when it cannot be applied safely.
class PipelineSource
{
public:
    PipelineSource() = default;
    explicit PipelineSource(const QString &text);

    QString text() const;
    void setText(const QString &text);
    QString lastError() const { return m_error; }
    PipelineLoadResult load(const QString &fileName) const;

    // Stage keys. yamlValue is YAML text for the value (see scalar() and flowList()).
    bool setStageValue(const QString &stageId, const QString &key, const QString &yamlValue);
    bool removeStageKey(const QString &stageId, const QString &key);
    bool addNeed(const QString &stageId, const QString &need);
    bool removeNeed(const QString &stageId, const QString &need);
    // Changes the stage's id and every `needs` entry that names it.
    bool renameStage(const QString &oldId, const QString &newId);

    // Appends a stage at the end of `stages:` in the file's indentation style.
    bool addStage(const StageSpec &stage);
    // Appends a stage from stageText() output; its id and needs are rewritten through idMap.
    bool addStageText(const QString &stageText, const QHash<QString, QString> &idMap = {});
    bool removeStage(const QString &stageId);
    // The stage's lines, comments included, dedented to a `- ` at column 0.
    QString stageText(const QString &stageId) const;

    bool addStep(const QString &stageId, const StepSpec &step, int index = -1);
    bool removeStep(const QString &stageId, int index);
    // A field of the step's kind (e.g. command), or a common key (name, timeout, ...).
    bool setStepValue(const QString &stageId, int stepIndex, const QString &field,
                      const QString &yamlValue);

    // A YAML scalar for value: plain where that reads back as the same string, else quoted.
    static QString scalar(const QString &value);
    static QString flowList(const QStringList &values);

private:
    bool fail(const QString &message) const;

    QStringList m_lines;
    QString m_eol = QStringLiteral("\n");
    bool m_finalEol = true;
    mutable QString m_error;
};

} // namespace pw::core
