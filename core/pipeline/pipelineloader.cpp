#include "pipelineloader.h"

#include "duration.h"
#include "pipelinevalidator.h"
#include "stepkindregistry.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QStringDecoder>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace pw::core {

namespace {

SourceLocation locationOf(const YAML::Mark &mark)
{
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1};
}

SourceLocation locationOf(const YAML::Node &node)
{
    return node.IsDefined() ? locationOf(node.Mark()) : SourceLocation{};
}

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString typeName(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return QStringLiteral("a mapping");
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Null:
        return QStringLiteral("nothing (null)");
    case YAML::NodeType::Scalar:
        return QStringLiteral("'%1'").arg(qs(node.Scalar()).left(40));
    default:
        return QStringLiteral("an undefined value");
    }
}

// Walks a parsed YAML tree into a Pipeline, collecting every problem instead of stopping at
// the first. Each read* function reports its own errors and returns nullopt/false on failure.
class Reader
{
public:
    Reader(const QString &file, Diagnostics *diagnostics) : m_file(file), m_diags(diagnostics) {}

    Pipeline readPipeline(const YAML::Node &root);

private:
    void error(SourceLocation loc, const QString &message)
    {
        m_diags->append(Diagnostic::error(m_file, loc, message));
    }
    void error(const YAML::Node &node, const QString &message)
    {
        error(locationOf(node), message);
    }

    // Calls handler(key, keyNode, value) for each entry of a mapping, rejecting keys not in
    // allowed (with a "did you mean") and keys given twice.
    template<typename Handler>
    bool forEachEntry(const YAML::Node &map, const QString &what, const QStringList &allowed,
                      Handler handler)
    {
        if (!map.IsMap()) {
            error(map, QStringLiteral("%1 must be a mapping, found %2").arg(what, typeName(map)));
            return false;
        }
        QHash<QString, SourceLocation> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const YAML::Node keyNode = it->first;
            if (!keyNode.IsScalar()) {
                error(keyNode, QStringLiteral("keys in %1 must be plain names").arg(what));
                continue;
            }
            const QString key = qs(keyNode.Scalar());
            if (seen.contains(key)) {
                const SourceLocation first = seen.value(key);
                error(keyNode, QStringLiteral("duplicate key '%1' in %2 (first at line %3)")
                                   .arg(excerpt(key), what)
                                   .arg(first.line));
                continue;
            }
            seen.insert(key, locationOf(keyNode));
            if (!allowed.isEmpty() && !allowed.contains(key)) {
                QString message = QStringLiteral("unknown key '%1' in %2").arg(excerpt(key), what);
                const QString guess = closestMatch(key, allowed);
                if (!guess.isEmpty())
                    message += QStringLiteral("; did you mean '%1'?").arg(guess);
                error(keyNode, message);
                continue;
            }
            handler(key, keyNode, it->second);
        }
        return true;
    }

    std::optional<QString> readString(const YAML::Node &node, const QString &what)
    {
        if (!node.IsScalar()) {
            error(node, QStringLiteral("%1 must be a string, found %2").arg(what, typeName(node)));
            return std::nullopt;
        }
        return qs(node.Scalar());
    }

    std::optional<int> readInt(const YAML::Node &node, const QString &what, int min, int max)
    {
        const auto text = readString(node, what);
        if (!text)
            return std::nullopt;
        bool ok = false;
        const int value = text->toInt(&ok);
        if (!ok || value < min || value > max) {
            error(node, QStringLiteral("%1 must be a whole number from %2 to %3, found '%4'")
                            .arg(what)
                            .arg(min)
                            .arg(max)
                            .arg(*text));
            return std::nullopt;
        }
        return value;
    }

    std::optional<double> readDouble(const YAML::Node &node, const QString &what)
    {
        const auto text = readString(node, what);
        if (!text)
            return std::nullopt;
        bool ok = false;
        const double value = text->toDouble(&ok);
        if (!ok) {
            error(node, QStringLiteral("%1 must be a number, found '%2'").arg(what, *text));
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> readBool(const YAML::Node &node, const QString &what)
    {
        const auto text = readString(node, what);
        if (!text)
            return std::nullopt;
        if (*text == u"true")
            return true;
        if (*text == u"false")
            return false;
        error(node, QStringLiteral("%1 must be true or false, found '%2'").arg(what, *text));
        return std::nullopt;
    }

    std::optional<qint64> readDuration(const YAML::Node &node, const QString &what)
    {
        const auto text = readString(node, what);
        if (!text)
            return std::nullopt;
        const auto ms = parseDuration(*text);
        if (!ms) {
            error(node, QStringLiteral("%1: bad duration '%2'; write e.g. 90s, 10m, 1h30m or "
                                       "500ms")
                            .arg(what, *text));
        }
        return ms;
    }

    // A list of strings; a single string is accepted as a list of one.
    std::optional<QStringList> readStringList(const YAML::Node &node, const QString &what,
                                              QList<SourceLocation> *locations = nullptr)
    {
        if (node.IsScalar()) {
            if (locations)
                locations->append(locationOf(node));
            return QStringList{qs(node.Scalar())};
        }
        if (!node.IsSequence()) {
            error(node, QStringLiteral("%1 must be a list of strings, found %2")
                            .arg(what, typeName(node)));
            return std::nullopt;
        }
        QStringList list;
        bool ok = true;
        for (const YAML::Node &item : node) {
            if (const auto s = readString(item, QStringLiteral("each entry of %1").arg(what))) {
                list.append(*s);
                if (locations)
                    locations->append(locationOf(item));
            } else {
                ok = false;
            }
        }
        return ok ? std::optional<QStringList>(list) : std::nullopt;
    }

    EnvList readEnv(const YAML::Node &node, const QString &what)
    {
        EnvList env;
        forEachEntry(node, what, {}, [&](const QString &key, const YAML::Node &keyNode,
                                         const YAML::Node &value) {
            if (!isValidEnvName(key)) {
                error(keyNode, QStringLiteral("'%1' is not a valid environment variable name")
                                   .arg(excerpt(key)));
                return;
            }
            const QString what = QStringLiteral("the value of %1").arg(excerpt(key));
            if (const auto s = readString(value, what))
                env.append({key, *s});
        });
        return env;
    }

    TriggerSpec readTriggers(const YAML::Node &node);
    QList<SecretRef> readSecrets(const YAML::Node &node);
    QList<EnvironmentSpec> readEnvironments(const YAML::Node &node);
    QList<StageSpec> readStages(const YAML::Node &node);
    StageSpec readStage(const YAML::Node &node);
    WhenSpec readWhen(const YAML::Node &node);
    ApprovalSpec readApproval(const YAML::Node &node);
    StepSpec readStep(const YAML::Node &node, const QString &stageId);
    void readStepParams(const StepKind &kind, const YAML::Node &node, StepSpec *step);

    QString m_file;
    Diagnostics *m_diags;
};

Pipeline Reader::readPipeline(const YAML::Node &root)
{
    Pipeline p;
    if (!root.IsMap()) {
        error(root, QStringLiteral("a pipeline file must be a mapping with at least 'stages', "
                                   "found %1")
                        .arg(typeName(root)));
        return p;
    }
    bool sawStages = false;
    static const QStringList keys = {
        QStringLiteral("version"),  QStringLiteral("name"),         QStringLiteral("triggers"),
        QStringLiteral("env"),      QStringLiteral("secrets"),      QStringLiteral("environments"),
        QStringLiteral("fail-fast"), QStringLiteral("stages")};
    forEachEntry(root, QStringLiteral("the pipeline"), keys,
                 [&](const QString &key, const YAML::Node &, const YAML::Node &value) {
                     if (key == u"version") {
                         if (const auto v = readInt(value, key, 1, 1))
                             p.version = *v;
                     } else if (key == u"name") {
                         p.name = readString(value, key).value_or(QString());
                     } else if (key == u"triggers") {
                         p.triggers = readTriggers(value);
                     } else if (key == u"env") {
                         p.env = readEnv(value, QStringLiteral("env"));
                     } else if (key == u"secrets") {
                         p.secrets = readSecrets(value);
                     } else if (key == u"environments") {
                         p.environments = readEnvironments(value);
                     } else if (key == u"fail-fast") {
                         p.failFast = readBool(value, key).value_or(false);
                     } else if (key == u"stages") {
                         sawStages = true;
                         p.stages = readStages(value);
                     }
                 });
    if (!sawStages)
        error(root, QStringLiteral("missing required key 'stages'"));
    return p;
}

TriggerSpec Reader::readTriggers(const YAML::Node &node)
{
    TriggerSpec t;
    forEachEntry(node, QStringLiteral("triggers"), {QStringLiteral("push"), QStringLiteral("manual")},
                 [&](const QString &key, const YAML::Node &, const YAML::Node &value) {
                     if (key == u"manual") {
                         t.manual = readBool(value, QStringLiteral("triggers.manual")).value_or(true);
                         return;
                     }
                     // push: [main] is short for push: {branches: [main]}
                     if (value.IsMap()) {
                         forEachEntry(value, QStringLiteral("triggers.push"),
                                      {QStringLiteral("branches")},
                                      [&](const QString &, const YAML::Node &, const YAML::Node &v) {
                                          t.pushBranches = readStringList(
                                                               v, QStringLiteral("push.branches"))
                                                               .value_or(QStringList());
                                      });
                     } else {
                         t.pushBranches = readStringList(value, QStringLiteral("triggers.push"))
                                              .value_or(QStringList());
                     }
                 });
    return t;
}

QList<SecretRef> Reader::readSecrets(const YAML::Node &node)
{
    QList<SecretRef> secrets;
    forEachEntry(node, QStringLiteral("secrets"), {},
                 [&](const QString &key, const YAML::Node &keyNode, const YAML::Node &value) {
                     SecretRef s;
                     s.name = key;
                     s.location = locationOf(keyNode);
                     if (!value.IsMap()) {
                         error(value, QStringLiteral("secret '%1' must be a reference such as "
                                                     "{env: VAR} or {file: KEY}; secret values "
                                                     "never go in the pipeline file")
                                          .arg(excerpt(key)));
                         return;
                     }
                     forEachEntry(value, QStringLiteral("secret '%1'").arg(excerpt(key)),
                                  {QStringLiteral("env"), QStringLiteral("file")},
                                  [&](const QString &k, const YAML::Node &, const YAML::Node &v) {
                                      const QString text = readString(v, k).value_or(QString());
                                      (k == u"env" ? s.fromEnv : s.fromFile) = text;
                                  });
                     if (s.fromEnv.isEmpty() == s.fromFile.isEmpty()) {
                         error(keyNode, QStringLiteral("secret '%1' needs exactly one of 'env' "
                                                       "or 'file'")
                                            .arg(excerpt(key)));
                     }
                     secrets.append(s);
                 });
    return secrets;
}

QList<EnvironmentSpec> Reader::readEnvironments(const YAML::Node &node)
{
    QList<EnvironmentSpec> list;
    static const QStringList keys = {
        QStringLiteral("context"),         QStringLiteral("namespace"),
        QStringLiteral("app"),             QStringLiteral("service"),
        QStringLiteral("port"),            QStringLiteral("health-path"),
        QStringLiteral("replicas"),        QStringLiteral("manifests"),
        QStringLiteral("preview-service"), QStringLiteral("scale-down-delay"),
        QStringLiteral("promotion"),       QStringLiteral("verify-window"),
        QStringLiteral("verify-interval"), QStringLiteral("smoke"),
        QStringLiteral("smoke-timeout"),   QStringLiteral("metrics-path"),
        QStringLiteral("metrics")};
    forEachEntry(node, QStringLiteral("environments"), {},
                 [&](const QString &envName, const YAML::Node &keyNode, const YAML::Node &value) {
                     EnvironmentSpec e;
                     e.name = envName;
                     e.location = locationOf(keyNode);
                     const QString what = QStringLiteral("environment '%1'").arg(excerpt(envName));
                     forEachEntry(value, what, keys, [&](const QString &k, const YAML::Node &,
                                                          const YAML::Node &v) {
                         if (k == u"context")
                             e.context = readString(v, k).value_or(QString());
                         else if (k == u"namespace")
                             e.kubeNamespace = readString(v, k).value_or(e.kubeNamespace);
                         else if (k == u"app")
                             e.app = readString(v, k).value_or(QString());
                         else if (k == u"service")
                             e.service = readString(v, k).value_or(QString());
                         else if (k == u"port")
                             e.port = readInt(v, k, 1, 65535).value_or(e.port);
                         else if (k == u"health-path")
                             e.healthPath = readString(v, k).value_or(e.healthPath);
                         else if (k == u"replicas")
                             e.replicas = readInt(v, k, 0, 10000).value_or(e.replicas);
                         else if (k == u"manifests")
                             e.manifests = readStringList(v, k).value_or(QStringList());
                         else if (k == u"preview-service")
                             e.previewService = readString(v, k).value_or(QString());
                         else if (k == u"scale-down-delay")
                             e.scaleDownDelayMs = readDuration(v, k).value_or(e.scaleDownDelayMs);
                         else if (k == u"verify-window")
                             e.verifyWindowMs = readDuration(v, k).value_or(0);
                         else if (k == u"verify-interval")
                             e.verifyIntervalMs = readDuration(v, k).value_or(e.verifyIntervalMs);
                         else if (k == u"smoke-timeout")
                             e.smokeTimeoutMs = readDuration(v, k).value_or(e.smokeTimeoutMs);
                         else if (k == u"metrics-path")
                             e.metricsPath = readString(v, k).value_or(QString());
                         else if (k == u"metrics") {
                             forEachEntry(v, QStringLiteral("metrics"), {},
                                          [&](const QString &metric, const YAML::Node &,
                                              const YAML::Node &t) {
                                              if (const auto s = readString(
                                                      t, QStringLiteral("metrics.") + metric))
                                                  e.metricThresholds.insert(metric, *s);
                                          });
                         } else if (k == u"smoke") {
                             const QString mode = readString(v, k).value_or(QString());
                             if (mode == u"docker" || mode == u"service-proxy" || mode == u"none")
                                 e.smoke = mode;
                             else
                                 error(v, QStringLiteral("smoke must be 'docker', "
                                                         "'service-proxy' or 'none', found '%1'")
                                              .arg(mode));
                         }
                         else if (k == u"promotion") {
                             const QString mode = readString(v, k).value_or(QString());
                             if (mode == u"auto" || mode == u"manual")
                                 e.autoPromote = mode == u"auto";
                             else
                                 error(v, QStringLiteral("promotion must be 'auto' or 'manual', "
                                                         "found '%1'")
                                              .arg(mode));
                         }
                     });
                     list.append(e);
                 });
    return list;
}

QList<StageSpec> Reader::readStages(const YAML::Node &node)
{
    QList<StageSpec> stages;
    if (!node.IsSequence()) {
        error(node, QStringLiteral("stages must be a list of stages (each starting with "
                                   "'- id: NAME'), found %1")
                        .arg(typeName(node)));
        return stages;
    }
    for (const YAML::Node &item : node)
        stages.append(readStage(item));
    return stages;
}

StageSpec Reader::readStage(const YAML::Node &node)
{
    StageSpec s;
    s.location = locationOf(node);
    static const QStringList keys = {
        QStringLiteral("id"),      QStringLiteral("name"),    QStringLiteral("needs"),
        QStringLiteral("image"),   QStringLiteral("when"),    QStringLiteral("approval"),
        QStringLiteral("env"),     QStringLiteral("timeout"), QStringLiteral("retries"),
        QStringLiteral("retry-backoff"), QStringLiteral("continue-on-error"),
        QStringLiteral("artifacts"), QStringLiteral("steps")};
    static const QRegularExpression validId(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]*$"));
    bool sawId = false;
    bool sawSteps = false;
    YAML::Node stepsNode;
    const bool isMap = forEachEntry(
        node, QStringLiteral("a stage"), keys,
        [&](const QString &key, const YAML::Node &keyNode, const YAML::Node &value) {
            if (key == u"id") {
                sawId = true;
                s.id = readString(value, QStringLiteral("the stage id")).value_or(QString());
                s.location = locationOf(value);
                if (!s.id.isEmpty() && !validId.match(s.id).hasMatch())
                    error(value, QStringLiteral("stage id '%1' may only contain letters, digits, "
                                                "'_', '-' and '.'")
                                     .arg(excerpt(s.id)));
            } else if (key == u"name") {
                s.name = readString(value, key).value_or(QString());
            } else if (key == u"needs") {
                s.needs = readStringList(value, key, &s.needsLocations).value_or(QStringList());
            } else if (key == u"image") {
                s.image = readString(value, key).value_or(QString());
            } else if (key == u"when") {
                s.when = readWhen(value);
            } else if (key == u"approval") {
                s.approval = readApproval(value);
            } else if (key == u"env") {
                s.env = readEnv(value, QStringLiteral("stage env"));
            } else if (key == u"timeout") {
                s.timeoutMs = readDuration(value, key).value_or(0);
            } else if (key == u"retries") {
                s.retries = readInt(value, key, 0, 100).value_or(0);
            } else if (key == u"retry-backoff") {
                if (readDuration(value, key))
                    s.retryBackoff = qs(value.Scalar());
            } else if (key == u"continue-on-error") {
                s.continueOnError = readBool(value, key).value_or(false);
            } else if (key == u"artifacts") {
                s.artifacts = readStringList(value, key).value_or(QStringList());
            } else if (key == u"steps") {
                sawSteps = true;
                stepsNode = value;
                Q_UNUSED(keyNode);
            }
        });
    if (!isMap)
        return s;
    if (!sawId)
        error(node, QStringLiteral("stage is missing its required 'id'"));
    if (!sawSteps) {
        error(node, QStringLiteral("stage '%1' is missing its required 'steps'").arg(s.id));
    } else if (!stepsNode.IsSequence()) {
        error(stepsNode, QStringLiteral("steps must be a list, found %1").arg(typeName(stepsNode)));
    } else {
        if (stepsNode.size() == 0)
            error(stepsNode, QStringLiteral("stage '%1' has no steps").arg(s.id));
        for (const YAML::Node &step : stepsNode)
            s.steps.append(readStep(step, s.id));
    }
    return s;
}

WhenSpec Reader::readWhen(const YAML::Node &node)
{
    WhenSpec w;
    w.location = locationOf(node);
    forEachEntry(node, QStringLiteral("when"),
                 {QStringLiteral("branch"), QStringLiteral("status"), QStringLiteral("expression")},
                 [&](const QString &key, const YAML::Node &, const YAML::Node &value) {
                     if (key == u"branch") {
                         w.branches = readStringList(value, QStringLiteral("when.branch"))
                                          .value_or(QStringList());
                     } else if (key == u"status") {
                         const QString status = readString(value, key).value_or(QString());
                         if (status == u"success")
                             w.status = WhenSpec::Status::Success;
                         else if (status == u"failure")
                             w.status = WhenSpec::Status::Failure;
                         else if (status == u"always")
                             w.status = WhenSpec::Status::Always;
                         else
                             error(value, QStringLiteral("when.status must be success, failure "
                                                         "or always, found '%1'")
                                              .arg(status));
                     } else if (key == u"expression") {
                         w.expression = readString(value, QStringLiteral("when.expression"))
                                            .value_or(QString());
                         w.location = locationOf(value);
                         // A quoted scalar's mark is its opening quote; point at the text.
                         if (value.Tag() == "!")
                             ++w.location.column;
                     }
                 });
    return w;
}

ApprovalSpec Reader::readApproval(const YAML::Node &node)
{
    ApprovalSpec a;
    if (node.IsScalar()) { // approval: true
        a.required = readBool(node, QStringLiteral("approval")).value_or(false);
        return a;
    }
    a.required = true;
    forEachEntry(node, QStringLiteral("approval"),
                 {QStringLiteral("prompt"), QStringLiteral("approvers")},
                 [&](const QString &key, const YAML::Node &, const YAML::Node &value) {
                     if (key == u"prompt")
                         a.prompt = readString(value, key).value_or(QString());
                     else
                         a.approvers = readStringList(value, key).value_or(QStringList());
                 });
    return a;
}

StepSpec Reader::readStep(const YAML::Node &node, const QString &stageId)
{
    StepSpec step;
    step.location = locationOf(node);
    const StepKindRegistry &registry = StepKindRegistry::instance();
    static const QStringList common = {QStringLiteral("name"), QStringLiteral("env"),
                                       QStringLiteral("timeout"), QStringLiteral("retries"),
                                       QStringLiteral("continue-on-error")};
    const QStringList allowed = common + registry.keys();
    YAML::Node kindValue;
    const bool isMap = forEachEntry(
        node, QStringLiteral("a step of stage '%1'").arg(stageId), allowed,
        [&](const QString &key, const YAML::Node &keyNode, const YAML::Node &value) {
            if (key == u"name") {
                step.name = readString(value, key).value_or(QString());
            } else if (key == u"env") {
                step.env = readEnv(value, QStringLiteral("step env"));
            } else if (key == u"timeout") {
                step.timeoutMs = readDuration(value, key).value_or(0);
            } else if (key == u"retries") {
                step.retries = readInt(value, key, 0, 100).value_or(0);
            } else if (key == u"continue-on-error") {
                step.continueOnError = readBool(value, key).value_or(false);
            } else if (!step.kind.isEmpty()) {
                error(keyNode, QStringLiteral("a step has one kind, but this one has both '%1' "
                                              "and '%2'; split it into two steps")
                                   .arg(step.kind, key));
            } else {
                step.kind = key;
                kindValue = value;
            }
        });
    if (!isMap)
        return step;
    if (step.kind.isEmpty()) {
        error(node, QStringLiteral("step has no kind; give one of: %1")
                        .arg(registry.keys().join(QStringLiteral(", "))));
        return step;
    }
    readStepParams(*registry.find(step.kind), kindValue, &step);
    return step;
}

void Reader::readStepParams(const StepKind &kind, const YAML::Node &node, StepSpec *step)
{
    auto readField = [&](const StepField &field, const YAML::Node &value) {
        using T = StepField::Type;
        const QString what = QStringLiteral("%1.%2").arg(kind.key, field.name);
        switch (field.type) {
        case T::String:
            if (const auto v = readString(value, what))
                step->params.insert(field.name, *v);
            break;
        case T::Int:
            if (const auto v = readInt(value, what, INT_MIN, INT_MAX))
                step->params.insert(field.name, *v);
            break;
        case T::Double:
            if (const auto v = readDouble(value, what))
                step->params.insert(field.name, *v);
            break;
        case T::Bool:
            if (const auto v = readBool(value, what))
                step->params.insert(field.name, *v);
            break;
        case T::Duration:
            if (readDuration(value, what))
                step->params.insert(field.name, qs(value.Scalar()));
            break;
        case T::StringList:
            if (const auto v = readStringList(value, what))
                step->params.insert(field.name, *v);
            break;
        case T::StringMap: {
            QVariantMap map;
            forEachEntry(value, what, {}, [&](const QString &k, const YAML::Node &,
                                              const YAML::Node &v) {
                if (const auto s = readString(v, QStringLiteral("%1.%2").arg(what, k)))
                    map.insert(k, *s);
            });
            step->params.insert(field.name, map);
            break;
        }
        }
    };

    if (!node.IsMap()) {
        const StepField *primary = kind.field(kind.primaryField);
        if (node.IsNull()) {
            error(node, QStringLiteral("step '%1' needs a value").arg(kind.key));
            return;
        }
        readField(*primary, node);
        return;
    }
    forEachEntry(node, QStringLiteral("step '%1'").arg(kind.key), kind.fieldNames(),
                 [&](const QString &key, const YAML::Node &, const YAML::Node &value) {
                     readField(*kind.field(key), value);
                 });
}

// Rejects input that is not text before the YAML parser sees it; returns false with an error.
bool checkText(const QByteArray &text, const QString &fileName, Diagnostics *diags)
{
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\0') {
            diags->append(Diagnostic::error(fileName, {line, column},
                                            QStringLiteral("binary data (a NUL byte): this is "
                                                           "not a YAML text file")));
            return false;
        }
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++column;
        }
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(text);
    if (decoder.hasError()) {
        // Locate the first invalid byte sequence by re-encoding what decodes cleanly.
        const qsizetype bad = decoded.indexOf(QChar::ReplacementCharacter);
        const QString before = decoded.left(std::max<qsizetype>(bad, 0));
        const int badLine = int(before.count(u'\n')) + 1;
        const int badColumn = int(before.size() - before.lastIndexOf(u'\n'));
        diags->append(Diagnostic::error(fileName, {badLine, badColumn},
                                        QStringLiteral("the file is not valid UTF-8 text")));
        return false;
    }
    if (decoded.trimmed().isEmpty()) {
        diags->append(Diagnostic::error(fileName, {1, 1},
                                        QStringLiteral("the file is empty; a pipeline needs at "
                                                       "least 'stages'")));
        return false;
    }
    return true;
}

} // namespace

PipelineLoadResult PipelineLoader::loadFile(const QString &path)
{
    PipelineLoadResult result;
    QFile file(path);
    if (QFileInfo(path).isDir()) {
        result.ioError = true;
        result.diagnostics.append(
            Diagnostic::error(path, {}, QStringLiteral("is a directory, not a pipeline file")));
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.ioError = true;
        result.diagnostics.append(Diagnostic::error(
            path, {}, QStringLiteral("cannot read the file: %1").arg(file.errorString())));
        return result;
    }
    if (file.size() > MaxFileSize) {
        result.diagnostics.append(Diagnostic::error(
            path, {},
            QStringLiteral("the file is %1 MB; pipeline files are limited to %2 MB")
                .arg(file.size() / (1024 * 1024))
                .arg(MaxFileSize / (1024 * 1024))));
        return result;
    }
    const QByteArray text = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        result.ioError = true;
        result.diagnostics.append(Diagnostic::error(
            path, {}, QStringLiteral("cannot read the file: %1").arg(file.errorString())));
        return result;
    }
    return loadFromText(text, path);
}

PipelineLoadResult PipelineLoader::loadFromText(const QByteArray &text, const QString &fileName)
{
    PipelineLoadResult result;
    if (text.size() > MaxFileSize) {
        result.diagnostics.append(Diagnostic::error(
            fileName, {}, QStringLiteral("the text is larger than %1 MB")
                              .arg(MaxFileSize / (1024 * 1024))));
        return result;
    }
    if (!checkText(text, fileName, &result.diagnostics))
        return result;

    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::DeepRecursion &e) {
        result.diagnostics.append(Diagnostic::error(
            fileName, locationOf(e.mark),
            QStringLiteral("the YAML is nested more than %1 levels deep").arg(e.depth())));
        return result;
    } catch (const YAML::ParserException &e) {
        result.diagnostics.append(
            Diagnostic::error(fileName, locationOf(e.mark),
                              QStringLiteral("YAML syntax error: %1").arg(qs(e.msg))));
        return result;
    } catch (const YAML::Exception &e) {
        result.diagnostics.append(Diagnostic::error(fileName, locationOf(e.mark),
                                                    QStringLiteral("cannot read YAML: %1")
                                                        .arg(qs(e.msg))));
        return result;
    }

    try {
        Reader reader(fileName, &result.diagnostics);
        result.pipeline = reader.readPipeline(root);
    } catch (const YAML::Exception &e) {
        result.diagnostics.append(Diagnostic::error(fileName, locationOf(e.mark),
                                                    QStringLiteral("cannot read YAML: %1")
                                                        .arg(qs(e.msg))));
        return result;
    }
    result.diagnostics += PipelineValidator::validate(result.pipeline, fileName);
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) {
                         return std::pair(a.location.line, a.location.column)
                                < std::pair(b.location.line, b.location.column);
                     });
    return result;
}

} // namespace pw::core
