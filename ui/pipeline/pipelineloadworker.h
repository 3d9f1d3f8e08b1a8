#pragma once

#include "core/pipeline/pipelineloader.h"

#include <QObject>

namespace pw::ui {

// Lives on the pipeline document's worker thread: reads and parses a file there so a large
// pipeline never stalls the GUI. Results go back as a queued signal tagged with the request's
// generation, so the document can drop answers to requests it has since replaced.
class PipelineLoadWorker : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    void load(quint64 generation, const QString &path);

signals:
    void loaded(quint64 generation, const QString &path,
                const pw::core::PipelineLoadResult &result, const QString &text);
};

} // namespace pw::ui
