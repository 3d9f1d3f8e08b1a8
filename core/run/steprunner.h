#pragma once

#include "runstatus.h"

#include <QByteArray>
#include <QObject>
#include <QString>

namespace pw::core {

// One attempt of one step, whatever its kind. The stage execution creates a runner per
// attempt, starts it, forwards its output and deletes it after finished().
class StepRunner : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void start() = 0;
    // Ends the attempt early (cancel or timeout); finished() still follows.
    virtual void cancel() = 0;

signals:
    void output(pw::core::OutputStream stream, const QByteArray &data);
    // exitCode: the process's, or -1 when there was none or it died from a signal.
    void finished(bool succeeded, int exitCode, const QString &message);
};

} // namespace pw::core
