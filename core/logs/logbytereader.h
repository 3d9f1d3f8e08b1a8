#pragma once

#include <QtGlobal>

namespace pw::core {

// A snapshot view of a log's bytes that a worker thread may read while the GUI thread keeps
// appending to the source. Made by LogSource::createReader(); owned by the worker.
class LogByteReader
{
public:
    virtual ~LogByteReader() = default;
    // Bytes present when the reader was made.
    virtual qint64 size() const = 0;
    // Bytes copied (fewer at the end, -1 on error).
    virtual qint64 read(qint64 offset, char *buffer, qint64 size) = 0;
};

} // namespace pw::core
