#pragma once

#include "diagnostic.h"
#include "pipeline.h"

namespace pw::core {

// Checks the meaning of a structurally valid pipeline: unique stage ids, known needs, no
// cycles, known environments, step fields that the registry requires, when expressions.
class PipelineValidator
{
public:
    static Diagnostics validate(const Pipeline &pipeline, const QString &fileName);
};

} // namespace pw::core
