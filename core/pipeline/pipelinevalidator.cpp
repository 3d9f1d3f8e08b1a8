#include "pipelinevalidator.h"

#include "stepkindregistry.h"
#include "whenexpression.h"

#include <QHash>
#include <QRegularExpression>

namespace pw::core {

namespace {

bool isValidThreshold(const QString &text)
{
    static const QRegularExpression comparison(
        QStringLiteral("^\\s*(>=|<=|==|!=|>|<)\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$"));
    static const QRegularExpression range(
        QStringLiteral("^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)\\s*\\.\\.\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)\\s*$"));
    return comparison.match(text).hasMatch() || range.match(text).hasMatch();
}

bool isEmptyValue(const QVariant &v)
{
    if (!v.isValid())
        return true;
    if (v.typeId() == QMetaType::QStringList)
        return v.toStringList().isEmpty();
    if (v.typeId() == QMetaType::QVariantMap)
        return v.toMap().isEmpty();
    if (v.typeId() == QMetaType::QString)
        return v.toString().trimmed().isEmpty();
    return false;
}

} // namespace

Diagnostics PipelineValidator::validate(const Pipeline &p, const QString &file)
{
    Diagnostics out;
    auto error = [&](SourceLocation loc, const QString &message) {
        out.append(Diagnostic::error(file, loc, message));
    };

    for (const EnvironmentSpec &e : p.environments) {
        const QString what = QStringLiteral("environment '%1'").arg(e.name);
        if (e.app.isEmpty())
            error(e.location, what + QStringLiteral(" needs 'app' (the value of the app label)"));
        if (e.service.isEmpty())
            error(e.location, what + QStringLiteral(" needs 'service' (the Service that takes "
                                                    "traffic)"));
        if (!e.metricThresholds.isEmpty() && e.metricsPath.isEmpty())
            error(e.location, what + QStringLiteral(" has 'metrics' thresholds but no "
                                                    "'metrics-path' to read them from"));
        if (!e.metricThresholds.isEmpty() && e.smoke == u"none")
            error(e.location, what + QStringLiteral(": 'metrics' are read from the smoke test's "
                                                    "target, but smoke is 'none'"));
        if (e.smoke == u"service-proxy" && e.previewService.isEmpty())
            error(e.location, what + QStringLiteral(": smoke 'service-proxy' needs a "
                                                    "'preview-service' to reach the new "
                                                    "colour"));
        if (e.verifyIntervalMs <= 0)
            error(e.location, what + QStringLiteral(": verify-interval must be above zero"));
        for (auto it = e.metricThresholds.cbegin(); it != e.metricThresholds.cend(); ++it) {
            if (!isValidThreshold(it.value().toString()))
                error(e.location, QStringLiteral("%1: threshold for '%2' is '%3'; write '>= 0.9', "
                                                 "'<= 0.2', '== 1' or a range '0.8..0.95'")
                                      .arg(what, it.key(), it.value().toString()));
        }
    }

    QHash<QString, int> firstIndex;
    QStringList ids;
    for (int i = 0; i < p.stages.size(); ++i) {
        const StageSpec &s = p.stages[i];
        if (s.id.isEmpty())
            continue;
        if (firstIndex.contains(s.id)) {
            const StageSpec &first = p.stages[firstIndex.value(s.id)];
            error(s.location, QStringLiteral("duplicate stage id '%1' (first at line %2)")
                                  .arg(s.id)
                                  .arg(first.location.line));
            continue;
        }
        firstIndex.insert(s.id, i);
        ids.append(s.id);
    }

    for (const StageSpec &s : p.stages) {
        for (int n = 0; n < s.needs.size(); ++n) {
            const QString &need = s.needs[n];
            const SourceLocation loc = n < s.needsLocations.size() ? s.needsLocations[n]
                                                                   : s.location;
            if (firstIndex.contains(need))
                continue;
            QString message = QStringLiteral("stage '%1' needs '%2', which is not a stage of "
                                             "this pipeline")
                                  .arg(s.id, need);
            const QString guess = closestMatch(need, ids);
            if (!guess.isEmpty())
                message += QStringLiteral("; did you mean '%1'?").arg(guess);
            error(loc, message);
        }

        if (!s.when.expression.isEmpty()) {
            QString message;
            int column = 0;
            if (!WhenExpression::parse(s.when.expression, &message, &column)) {
                SourceLocation loc = s.when.location;
                if (loc.isValid() && !s.when.expression.contains(u'\n'))
                    loc.column += column - 1;
                error(loc, QStringLiteral("bad when.expression: %1").arg(message));
            }
        }

        for (const StepSpec &step : s.steps) {
            const StepKind *kind = StepKindRegistry::instance().find(step.kind);
            if (step.kind.isEmpty())
                continue; // the loader already said so, with the step's keys
            if (!kind) {
                error(step.location, QStringLiteral("unknown step kind '%1'").arg(step.kind));
                continue;
            }
            for (const StepField &field : kind->fields) {
                if (field.required && isEmptyValue(step.params.value(field.name))) {
                    error(step.location, QStringLiteral("'%1' step is missing its required "
                                                        "field '%2'")
                                             .arg(step.kind, field.name));
                }
            }
            if (step.kind == u"gate") {
                const QVariantMap thresholds = step.params.value(QStringLiteral("thresholds"))
                                                   .toMap();
                for (auto it = thresholds.begin(); it != thresholds.end(); ++it) {
                    if (!isValidThreshold(it.value().toString())) {
                        error(step.location,
                              QStringLiteral("gate threshold for '%1' is '%2'; write '>= 0.9', "
                                             "'<= 0.2', '== 1' or a range '0.8..0.95'")
                                  .arg(it.key(), it.value().toString()));
                    }
                }
            }
            if (step.kind == u"bluegreen") {
                const QString env = step.param(QStringLiteral("environment"));
                if (!env.isEmpty() && !p.environment(env)) {
                    QStringList names;
                    for (const EnvironmentSpec &e : p.environments)
                        names << e.name;
                    QString message = QStringLiteral("bluegreen step names environment '%1', "
                                                     "which is not defined under "
                                                     "'environments'")
                                          .arg(env);
                    const QString guess = closestMatch(env, names);
                    if (!guess.isEmpty())
                        message += QStringLiteral("; did you mean '%1'?").arg(guess);
                    error(step.location, message);
                }
                const QString promote = step.param(QStringLiteral("promote"));
                if (!promote.isEmpty() && promote != u"auto" && promote != u"manual")
                    error(step.location, QStringLiteral("bluegreen.promote must be 'auto' or "
                                                        "'manual'"));
            }
        }
    }

    // Unknown needs are skipped here, so a cycle among the known ones is still reported.
    const QStringList cycle = p.findCycle();
    if (!cycle.isEmpty()) {
        const StageSpec *first = p.stage(cycle.first());
        error(first ? first->location : SourceLocation{},
              QStringLiteral("dependency cycle through needs: %1")
                  .arg(cycle.join(QStringLiteral(" → "))));
    }
    return out;
}

} // namespace pw::core
