#include "stepkindregistry.h"

namespace pw::core {

const StepField *StepKind::field(const QString &name) const
{
    for (const StepField &f : fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

QStringList StepKind::fieldNames() const
{
    QStringList names;
    for (const StepField &f : fields)
        names << f.name;
    return names;
}

const StepKindRegistry &StepKindRegistry::instance()
{
    static const StepKindRegistry registry;
    return registry;
}

const StepKind *StepKindRegistry::find(const QString &key) const
{
    for (const StepKind &k : m_kinds) {
        if (k.key == key)
            return &k;
    }
    return nullptr;
}

QStringList StepKindRegistry::keys() const
{
    QStringList result;
    for (const StepKind &k : m_kinds)
        result << k.key;
    return result;
}

StepKindRegistry::StepKindRegistry()
{
    using T = StepField::Type;
    auto f = [](const char *name, T type, bool required, const char *description) {
        return StepField{QString::fromLatin1(name), type, required,
                         QString::fromLatin1(description)};
    };
    auto s = [](const char *text) { return QString::fromLatin1(text); };

    m_kinds = {
        {s("run"), s("Shell command"), s("command"),
         {f("command", T::String, true, "Commands to run; several lines run as one script"),
          f("shell", T::String, false, "bash (default, with -eo pipefail) or sh"),
          f("workdir", T::String, false, "Directory relative to the workspace")}},
        {s("docker-build"), s("Docker build"), s("context"),
         {f("context", T::String, true, "Build context directory relative to the workspace"),
          f("dockerfile", T::String, false, "Dockerfile path relative to the context"),
          f("tags", T::StringList, true, "Image names with tags"),
          f("args", T::StringMap, false, "Build arguments"),
          f("target", T::String, false, "Multi-stage target"),
          f("labels", T::StringMap, false, "Image labels"),
          f("no-cache", T::Bool, false, "Do not use the build cache")}},
        {s("docker-push"), s("Docker push"), s("image"),
         {f("image", T::String, true, "Image name with tag to push"),
          f("registry", T::String, false, "Registry host, when not part of the image name")}},
        {s("docker-run"), s("Docker run"), s("image"),
         {f("image", T::String, true, "Image to run"),
          f("command", T::String, false, "Command to run in the container"),
          f("ports", T::StringList, false, "Published ports, HOST:CONTAINER"),
          f("detach", T::Bool, false, "Keep running as a service for later stages")}},
        {s("kube-apply"), s("Kubernetes apply"), s("manifests"),
         {f("manifests", T::StringList, true, "Manifest files or directories"),
          f("context", T::String, false, "kubeconfig context"),
          f("namespace", T::String, false, "Namespace for namespaced objects"),
          f("force", T::Bool, false, "Take over fields owned by other managers"),
          f("images", T::StringMap, false,
            "Container name (or * for all) to image, set in the applied objects")}},
        {s("rollout"), s("Rollout wait"), s("deployment"),
         {f("deployment", T::String, true, "Deployment name"),
          f("context", T::String, false, "kubeconfig context"),
          f("namespace", T::String, false, "Namespace"),
          f("timeout", T::Duration, false, "How long to wait for the rollout")}},
        {s("gate"), s("Metric gate"), s("metrics"),
         {f("metrics", T::String, true, "JSON file of metrics, relative to the workspace"),
          f("thresholds", T::StringMap, true,
            "metric: '>= 0.9', '<= 0.2', '== 1', or a range '0.8..0.95'")}},
        {s("bluegreen"), s("Blue/green deploy"), s("environment"),
         {f("environment", T::String, true, "Name of an environment of the pipeline"),
          f("image", T::String, true, "Image for the idle colour"),
          f("promote", T::String, false, "auto or manual (default: the environment's)")}},
    };
}

} // namespace pw::core
