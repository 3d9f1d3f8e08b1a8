// libFuzzer target: kubeconfig reading (KubeConfig, yaml-cpp underneath) and the YAML → JSON
// reader of manifests and kubeconfigs (KubeYaml). Both are fed the same text.
#include "fuzzcheck.h"

#include "core/kube/kubeconfig.h"
#include "core/kube/kubeyaml.h"

using namespace pw::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = pw::fuzz::bytes(data, size);
    KubeConfig config;
    if (config.loadText(input, QStringLiteral("/fuzz/kubeconfig"))) {
        for (const QString &name : config.contextNames()) {
            const KubeContextConfig *c = config.context(name);
            PW_FUZZ_CHECK(c != nullptr, name);
            (void)config.cluster(c->cluster);
            (void)config.user(c->user);
        }
    } else {
        PW_FUZZ_CHECK(!config.errorString().isEmpty(), QStringLiteral("no error"));
        PW_FUZZ_CHECK(config.errorString().size() <= 2000, config.errorString().left(200));
    }
    QList<KubeYaml::Document> docs;
    QString error;
    if (!KubeYaml::parseAll(input, QStringLiteral("m.yaml"), &docs, &error))
        PW_FUZZ_CHECK(!error.isEmpty(), QStringLiteral("no error"));
    return 0;
}
