// libFuzzer target: the GitLab CI importer (YAML reading included).
#include "importcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pw::fuzz::checkImport(pw::fuzz::bytes(data, size), QStringLiteral(".gitlab-ci.yml"),
                          pw::core::ImportFormat::GitLab);
    return 0;
}
