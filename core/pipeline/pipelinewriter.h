#pragma once

#include "pipeline.h"

#include <QByteArray>

namespace pw::core {

// Writes a Pipeline as YAML in the canonical key order of docs/pipeline-format.md, leaving out
// values that equal their defaults. load(write(p)) == p for every valid p.
class PipelineWriter
{
public:
    static QByteArray toYaml(const Pipeline &pipeline);
    static bool writeFile(const Pipeline &pipeline, const QString &path, QString *error);
};

} // namespace pw::core
