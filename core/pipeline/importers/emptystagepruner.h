#pragma once

#include "../pipeline.h"

#include <functional>

namespace pw::core {

// Removes the stages an import left without steps (a pipeline file requires steps in every
// stage) and reconnects the DAG around them: whoever needed a removed stage now needs what
// that stage needed. onRemoved is called for each, so the importer can say why.
class EmptyStagePruner
{
public:
    static void prune(Pipeline &pipeline, const std::function<void(const StageSpec &)> &onRemoved);
};

} // namespace pw::core
