#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace pw::core {

// The schema of one kind of step: its key in the pipeline file and its fields. The loader,
// the writer, the validator and the editor's inspector all read it, so a new step kind is
// one more entry here and a runner in the engine — the loader's structure does not change.
struct StepField
{
    enum class Type { String, Int, Double, Bool, StringList, StringMap, Duration };

    QString name;
    Type type = Type::String;
    bool required = false;
    QString description;
};

struct StepKind
{
    QString key;          // e.g. "run", "docker-build"
    QString title;        // e.g. "Shell command"
    QString primaryField; // the field a scalar shorthand sets (`run: make` → command: make)
    QList<StepField> fields;

    const StepField *field(const QString &name) const;
    QStringList fieldNames() const;
};

class StepKindRegistry
{
public:
    static const StepKindRegistry &instance();

    const StepKind *find(const QString &key) const;
    QStringList keys() const;
    const QList<StepKind> &kinds() const { return m_kinds; }

private:
    StepKindRegistry();
    QList<StepKind> m_kinds;
};

} // namespace pw::core
