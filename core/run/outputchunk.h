#pragma once

#include "runstatus.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>

namespace pw::core {

// A piece of a step's output as the process printed it (secrets already masked), tagged by
// stream. The engine delivers them in batches; consecutive bytes of one stream are merged.
struct OutputChunk
{
    OutputStream stream = OutputStream::Stdout;
    QByteArray data;
    bool operator==(const OutputChunk &) const = default;
};

using OutputChunks = QList<OutputChunk>;

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::OutputChunk)
Q_DECLARE_METATYPE(pw::core::OutputChunks)
