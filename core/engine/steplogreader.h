#pragma once

#include "core/run/runstatus.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace pw::core {

// Reads back what StepLogWriter wrote: the raw bytes of a step's log and its line index.
// Stateless; for the GUI's run view, the CLI and tests.
class StepLogReader
{
public:
    struct Line
    {
        qint64 offset = 0; // into the raw log
        OutputStream stream = OutputStream::Stdout;
        qint64 timestampMs = 0; // ms since the epoch
    };

    static QByteArray readAll(const QString &logPath, QString *error = nullptr);
    static QList<Line> readIndex(const QString &logPath, QString *error = nullptr);
};

} // namespace pw::core
