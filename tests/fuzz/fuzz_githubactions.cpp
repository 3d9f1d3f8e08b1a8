// libFuzzer target: the GitHub Actions workflow importer (YAML reading included).
#include "importcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw::fuzz::checkImport(pw::fuzz::bytes(data, size), QStringLiteral(".github/workflows/ci.yml"),
                          pw::core::ImportFormat::GitHub);
    return 0;
}
