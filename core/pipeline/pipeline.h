#pragma once

#include "diagnostic.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace pw::core {

// The in-memory form of a pipeline file (docs/pipeline-format.md). Plain values: the editor's
// document, the engine and the command line each hold copies. Field names follow the file.

struct EnvVar
{
    QString name;
    QString value;
    bool operator==(const EnvVar &) const = default;
};
using EnvList = QList<EnvVar>;

// Letters, digits and '_', not starting with a digit: a name a shell can expand as $NAME.
bool isValidEnvName(const QString &name);
// Defines `name` in `env`; a later definition replaces an earlier one where it stands (an
// inner scope overriding an outer one). A list never holds a name twice.
void setEnv(EnvList &env, const QString &name, const QString &value);

// A secret is referenced, never stored: its value comes from an environment variable of the
// process running Pipewright, or from the user's secrets file outside the repository.
struct SecretRef
{
    QString name;     // the variable the steps see
    QString fromEnv;  // read from this environment variable
    QString fromFile; // or this key of the user's secrets file
    SourceLocation location;
    bool operator==(const SecretRef &) const = default;
};

struct TriggerSpec
{
    QStringList pushBranches; // globs; empty = no push trigger
    bool manual = true;
    bool operator==(const TriggerSpec &) const = default;
};

struct EnvironmentSpec
{
    QString name;
    QString context;   // kubeconfig context; empty = current
    QString kubeNamespace = QStringLiteral("default");
    QString app;
    QString service;
    int port = 80;
    QString healthPath = QStringLiteral("/healthz");
    int replicas = 1;
    QStringList manifests; // rendered for each colour
    QString previewService;
    qint64 scaleDownDelayMs = 30000; // the old colour stays warm this long (Argo's default)
    bool autoPromote = true;
    qint64 verifyWindowMs = 0;
    qint64 verifyIntervalMs = 2000; // how often the window's checks run
    // The pre-promotion smoke test of the health path: "docker" runs the new image locally
    // as a container, "service-proxy" goes through the apiserver's service proxy to the
    // preview Service (real pods only), "none" skips it.
    QString smoke = QStringLiteral("docker");
    qint64 smokeTimeoutMs = 60000; // until the health path must have answered 2xx
    // Optional metric gate before promotion: the JSON at metricsPath (served by the smoke
    // target) must meet every threshold (metric → ">= 0.9", as the gate step's).
    QString metricsPath;
    QVariantMap metricThresholds;
    SourceLocation location;
    bool operator==(const EnvironmentSpec &) const = default;
};

struct StepSpec
{
    QString kind;       // a key of StepKindRegistry: "run", "docker-build", ...
    QString name;       // optional display name
    QVariantMap params; // the kind's fields by name (see StepKindRegistry)
    EnvList env;
    qint64 timeoutMs = 0;
    int retries = 0;
    bool continueOnError = false;
    SourceLocation location;

    QString param(const QString &field) const { return params.value(field).toString(); }
    QString displayName() const; // name, or a summary such as the command's first line
    bool operator==(const StepSpec &) const = default;
};

struct WhenSpec
{
    enum class Status { Success, Failure, Always };

    QStringList branches; // globs; empty = any branch
    Status status = Status::Success; // run when needs all succeeded / any failed / regardless
    QString expression;   // see WhenExpression; empty = true
    SourceLocation location;

    bool isDefault() const
    {
        return branches.isEmpty() && status == Status::Success && expression.isEmpty();
    }
    bool operator==(const WhenSpec &) const = default;
};

struct ApprovalSpec
{
    bool required = false;
    QString prompt;
    QStringList approvers;
    bool operator==(const ApprovalSpec &) const = default;
};

struct StageSpec
{
    QString id;
    QString name;
    QStringList needs;
    QList<SourceLocation> needsLocations; // parallel to needs
    QString image; // run the steps inside this container image; empty = on the host
    EnvList env;
    qint64 timeoutMs = 0;
    int retries = 0;
    QString retryBackoff; // duration text of the first backoff; doubles each attempt
    WhenSpec when;
    ApprovalSpec approval;
    QStringList artifacts;
    bool continueOnError = false;
    QList<StepSpec> steps;
    SourceLocation location;

    QString displayName() const { return name.isEmpty() ? id : name; }
    bool operator==(const StageSpec &) const = default;
};

struct Pipeline
{
    int version = 1;
    QString name;
    TriggerSpec triggers;
    EnvList env;
    QList<SecretRef> secrets;
    QList<EnvironmentSpec> environments;
    QList<StageSpec> stages;
    bool failFast = false;

    int stageIndex(const QString &id) const;
    const StageSpec *stage(const QString &id) const;
    const EnvironmentSpec *environment(const QString &name) const;

    // Stage indices in an order where every stage comes after its needs (ties keep file
    // order). Empty when the needs contain a cycle or name an unknown stage.
    QList<int> topologicalOrder() const;
    // The DAG's levels: level 0 holds stages without needs, level n those whose longest
    // chain of needs has n edges. Stage ids per level, in file order. Empty on a cycle.
    QList<QStringList> levels() const;
    // One cycle through the needs, as stage ids with the first repeated at the end, or empty.
    QStringList findCycle() const;
    // Whether adding `stageId` needs `need` would close a cycle (the path it would close,
    // starting and ending at stageId; empty when it would not).
    QStringList cycleIfNeeded(const QString &stageId, const QString &need) const;
    // The pipeline without the stages `ids` (e.g. those that succeeded, for "re-run
    // failed"): a kept stage's needs on a left-out one count as met.
    Pipeline withoutStages(const QStringList &ids) const;

    bool operator==(const Pipeline &) const = default;
};

} // namespace pw::core
