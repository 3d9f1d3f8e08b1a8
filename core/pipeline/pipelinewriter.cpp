#include "pipelinewriter.h"

#include "duration.h"
#include "stepkindregistry.h"

#include <QFile>
#include <QSaveFile>

#include <yaml-cpp/yaml.h>

namespace pw::core {

namespace {

std::string str(const QString &s)
{
    return s.toStdString();
}

// A literal block (`|`) reads back with exactly one final newline ("clip"), and yaml-cpp
// writes no chomping or indentation indicators; so only text of that shape goes in a block,
// anything else multi-line is written double-quoted with escapes.
bool fitsLiteralBlock(const QString &s)
{
    return s.endsWith(u'\n') && !s.endsWith(QStringLiteral("\n\n")) && !s.startsWith(u' ')
           && !s.contains(u'\r') && !s.contains(QStringLiteral(" \n"));
}

void emitString(YAML::Emitter &out, const QString &s)
{
    if (!s.contains(u'\n'))
        out << str(s);
    else if (fitsLiteralBlock(s))
        out << YAML::Literal << str(s);
    else
        out << YAML::DoubleQuoted << str(s);
}

void emitList(YAML::Emitter &out, const QStringList &list)
{
    out << YAML::Flow << YAML::BeginSeq;
    for (const QString &s : list)
        out << str(s);
    out << YAML::EndSeq;
}

void emitEnv(YAML::Emitter &out, const EnvList &env)
{
    out << YAML::BeginMap;
    for (const EnvVar &v : env)
        out << YAML::Key << str(v.name) << YAML::Value << str(v.value);
    out << YAML::EndMap;
}

void emitField(YAML::Emitter &out, const StepField &field, const QVariant &value)
{
    using T = StepField::Type;
    switch (field.type) {
    case T::String:
    case T::Duration:
        emitString(out, value.toString());
        break;
    case T::Int:
        out << value.toInt();
        break;
    case T::Double:
        out << value.toDouble();
        break;
    case T::Bool:
        out << value.toBool();
        break;
    case T::StringList:
        emitList(out, value.toStringList());
        break;
    case T::StringMap: {
        const QVariantMap map = value.toMap();
        out << YAML::BeginMap;
        for (auto it = map.begin(); it != map.end(); ++it)
            out << YAML::Key << str(it.key()) << YAML::Value << str(it.value().toString());
        out << YAML::EndMap;
        break;
    }
    }
}

void emitStep(YAML::Emitter &out, const StepSpec &step)
{
    out << YAML::BeginMap;
    if (!step.name.isEmpty())
        out << YAML::Key << "name" << YAML::Value << str(step.name);
    out << YAML::Key << str(step.kind) << YAML::Value;
    const StepKind *kind = StepKindRegistry::instance().find(step.kind);
    const bool onlyPrimary = kind && step.params.size() == 1
                             && step.params.contains(kind->primaryField)
                             && kind->field(kind->primaryField)->type != StepField::Type::StringList
                             && kind->field(kind->primaryField)->type != StepField::Type::StringMap;
    if (!kind) {
        out << YAML::Null;
    } else if (onlyPrimary) {
        emitField(out, *kind->field(kind->primaryField), step.params.value(kind->primaryField));
    } else {
        out << YAML::BeginMap;
        for (const StepField &field : kind->fields) {
            if (!step.params.contains(field.name))
                continue;
            out << YAML::Key << str(field.name) << YAML::Value;
            emitField(out, field, step.params.value(field.name));
        }
        out << YAML::EndMap;
    }
    if (!step.env.isEmpty()) {
        out << YAML::Key << "env" << YAML::Value;
        emitEnv(out, step.env);
    }
    if (step.timeoutMs > 0)
        out << YAML::Key << "timeout" << YAML::Value << str(formatDuration(step.timeoutMs));
    if (step.retries > 0)
        out << YAML::Key << "retries" << YAML::Value << step.retries;
    if (step.continueOnError)
        out << YAML::Key << "continue-on-error" << YAML::Value << true;
    out << YAML::EndMap;
}

void emitStage(YAML::Emitter &out, const StageSpec &s)
{
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << str(s.id);
    if (!s.name.isEmpty())
        out << YAML::Key << "name" << YAML::Value << str(s.name);
    if (!s.needs.isEmpty()) {
        out << YAML::Key << "needs" << YAML::Value;
        emitList(out, s.needs);
    }
    if (!s.image.isEmpty())
        out << YAML::Key << "image" << YAML::Value << str(s.image);
    if (!s.when.isDefault()) {
        out << YAML::Key << "when" << YAML::Value << YAML::BeginMap;
        if (!s.when.branches.isEmpty()) {
            out << YAML::Key << "branch" << YAML::Value;
            emitList(out, s.when.branches);
        }
        if (s.when.status != WhenSpec::Status::Success) {
            out << YAML::Key << "status" << YAML::Value
                << (s.when.status == WhenSpec::Status::Failure ? "failure" : "always");
        }
        if (!s.when.expression.isEmpty()) {
            out << YAML::Key << "expression" << YAML::Value;
            emitString(out, s.when.expression);
        }
        out << YAML::EndMap;
    }
    if (s.approval.required) {
        out << YAML::Key << "approval" << YAML::Value;
        if (s.approval.prompt.isEmpty() && s.approval.approvers.isEmpty()) {
            out << true;
        } else {
            out << YAML::BeginMap;
            if (!s.approval.prompt.isEmpty())
                out << YAML::Key << "prompt" << YAML::Value << str(s.approval.prompt);
            if (!s.approval.approvers.isEmpty()) {
                out << YAML::Key << "approvers" << YAML::Value;
                emitList(out, s.approval.approvers);
            }
            out << YAML::EndMap;
        }
    }
    if (!s.env.isEmpty()) {
        out << YAML::Key << "env" << YAML::Value;
        emitEnv(out, s.env);
    }
    if (s.timeoutMs > 0)
        out << YAML::Key << "timeout" << YAML::Value << str(formatDuration(s.timeoutMs));
    if (s.retries > 0)
        out << YAML::Key << "retries" << YAML::Value << s.retries;
    if (!s.retryBackoff.isEmpty())
        out << YAML::Key << "retry-backoff" << YAML::Value << str(s.retryBackoff);
    if (s.continueOnError)
        out << YAML::Key << "continue-on-error" << YAML::Value << true;
    if (!s.artifacts.isEmpty()) {
        out << YAML::Key << "artifacts" << YAML::Value;
        emitList(out, s.artifacts);
    }
    out << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
    for (const StepSpec &step : s.steps)
        emitStep(out, step);
    out << YAML::EndSeq;
    out << YAML::EndMap;
}

void emitEnvironment(YAML::Emitter &out, const EnvironmentSpec &e)
{
    const EnvironmentSpec defaults;
    out << YAML::Key << str(e.name) << YAML::Value << YAML::BeginMap;
    if (!e.context.isEmpty())
        out << YAML::Key << "context" << YAML::Value << str(e.context);
    out << YAML::Key << "namespace" << YAML::Value << str(e.kubeNamespace);
    if (!e.app.isEmpty())
        out << YAML::Key << "app" << YAML::Value << str(e.app);
    if (!e.service.isEmpty())
        out << YAML::Key << "service" << YAML::Value << str(e.service);
    out << YAML::Key << "port" << YAML::Value << e.port;
    out << YAML::Key << "health-path" << YAML::Value << str(e.healthPath);
    out << YAML::Key << "replicas" << YAML::Value << e.replicas;
    if (!e.manifests.isEmpty()) {
        out << YAML::Key << "manifests" << YAML::Value;
        emitList(out, e.manifests);
    }
    if (!e.previewService.isEmpty())
        out << YAML::Key << "preview-service" << YAML::Value << str(e.previewService);
    if (e.scaleDownDelayMs != defaults.scaleDownDelayMs) {
        out << YAML::Key << "scale-down-delay" << YAML::Value
            << str(formatDuration(e.scaleDownDelayMs));
    }
    out << YAML::Key << "promotion" << YAML::Value << (e.autoPromote ? "auto" : "manual");
    if (e.verifyWindowMs > 0)
        out << YAML::Key << "verify-window" << YAML::Value << str(formatDuration(e.verifyWindowMs));
    if (e.verifyIntervalMs != defaults.verifyIntervalMs) {
        out << YAML::Key << "verify-interval" << YAML::Value
            << str(formatDuration(e.verifyIntervalMs));
    }
    if (e.smoke != defaults.smoke)
        out << YAML::Key << "smoke" << YAML::Value << str(e.smoke);
    if (e.smokeTimeoutMs != defaults.smokeTimeoutMs)
        out << YAML::Key << "smoke-timeout" << YAML::Value << str(formatDuration(e.smokeTimeoutMs));
    if (!e.metricsPath.isEmpty())
        out << YAML::Key << "metrics-path" << YAML::Value << str(e.metricsPath);
    if (!e.metricThresholds.isEmpty()) {
        out << YAML::Key << "metrics" << YAML::Value << YAML::BeginMap;
        for (auto it = e.metricThresholds.cbegin(); it != e.metricThresholds.cend(); ++it)
            out << YAML::Key << str(it.key()) << YAML::Value << str(it.value().toString());
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

} // namespace

QByteArray PipelineWriter::toYaml(const Pipeline &p)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "version" << YAML::Value << p.version;
    if (!p.name.isEmpty())
        out << YAML::Key << "name" << YAML::Value << str(p.name);
    const TriggerSpec defaultTriggers;
    if (!(p.triggers.pushBranches == defaultTriggers.pushBranches
          && p.triggers.manual == defaultTriggers.manual)) {
        out << YAML::Key << "triggers" << YAML::Value << YAML::BeginMap;
        if (!p.triggers.pushBranches.isEmpty()) {
            out << YAML::Key << "push" << YAML::Value << YAML::BeginMap << YAML::Key
                << "branches" << YAML::Value;
            emitList(out, p.triggers.pushBranches);
            out << YAML::EndMap;
        }
        out << YAML::Key << "manual" << YAML::Value << p.triggers.manual;
        out << YAML::EndMap;
    }
    if (!p.env.isEmpty()) {
        out << YAML::Key << "env" << YAML::Value;
        emitEnv(out, p.env);
    }
    if (!p.secrets.isEmpty()) {
        out << YAML::Key << "secrets" << YAML::Value << YAML::BeginMap;
        for (const SecretRef &s : p.secrets) {
            out << YAML::Key << str(s.name) << YAML::Value << YAML::Flow << YAML::BeginMap;
            if (!s.fromEnv.isEmpty())
                out << YAML::Key << "env" << YAML::Value << str(s.fromEnv);
            if (!s.fromFile.isEmpty())
                out << YAML::Key << "file" << YAML::Value << str(s.fromFile);
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    if (!p.environments.isEmpty()) {
        out << YAML::Key << "environments" << YAML::Value << YAML::BeginMap;
        for (const EnvironmentSpec &e : p.environments)
            emitEnvironment(out, e);
        out << YAML::EndMap;
    }
    if (p.failFast)
        out << YAML::Key << "fail-fast" << YAML::Value << true;
    out << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq;
    for (const StageSpec &s : p.stages)
        emitStage(out, s);
    out << YAML::EndSeq;
    out << YAML::EndMap;

    QByteArray text(out.c_str(), qsizetype(out.size()));
    text.append('\n');
    return text;
}

bool PipelineWriter::writeFile(const Pipeline &pipeline, const QString &path, QString *error)
{
    // QSaveFile writes beside the target and renames, so a crash never leaves half a file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toYaml(pipeline)) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace pw::core
