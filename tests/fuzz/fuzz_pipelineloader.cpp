// libFuzzer target: the pipeline file loader (YAML, validation, when.expression). A file
// that loads must come back the same through the writer, and the writer's text is a fixed
// point (writing what was read back gives the same bytes).
#include "importcheck.h"

using namespace pw::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = pw::fuzz::bytes(data, size);
    const PipelineLoadResult first = PipelineLoader::loadFromText(input, QStringLiteral("p.yml"));
    for (const Diagnostic &d : first.diagnostics)
        PW_FUZZ_CHECK(d.message.size() <= 2000, d.message.left(200));
    if (!first.ok())
        return 0;
    const QByteArray yaml = PipelineWriter::toYaml(first.pipeline);
    const PipelineLoadResult second = PipelineLoader::loadFromText(yaml, QStringLiteral("w.yml"));
    PW_FUZZ_CHECK(second.ok(),
                  pw::fuzz::describe(second.diagnostics) + u'\n' + QString::fromUtf8(yaml));
    PW_FUZZ_CHECK(second.pipeline == first.pipeline,
                  QStringLiteral("written and read back, the pipeline differs:\n")
                      + QString::fromUtf8(yaml));
    PW_FUZZ_CHECK(PipelineWriter::toYaml(second.pipeline) == yaml, QString::fromUtf8(yaml));
    return 0;
}
