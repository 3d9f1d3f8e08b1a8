#pragma once

#include "diagnostic.h"
#include "pipeline.h"

#include <QByteArray>
#include <QString>

namespace pw::core {

// Reads a pipeline file into a Pipeline and reports every problem with its line and column.
// A result with errors still carries whatever could be read, so the editor can show it.
struct PipelineLoadResult
{
    Pipeline pipeline;
    Diagnostics diagnostics;
    bool ioError = false; // the file could not be read at all (exit code 2 on the CLI)

    bool ok() const { return !ioError && !hasErrors(diagnostics); }
};

class PipelineLoader
{
public:
    static constexpr qint64 MaxFileSize = 16 * 1024 * 1024;

    static PipelineLoadResult loadFile(const QString &path);
    // fileName is used in diagnostics only.
    static PipelineLoadResult loadFromText(const QByteArray &text, const QString &fileName);
};

} // namespace pw::core
