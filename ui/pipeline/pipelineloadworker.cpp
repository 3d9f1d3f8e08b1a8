#include "pipelineloadworker.h"

#include <QFile>

namespace pw::ui {

void PipelineLoadWorker::load(quint64 generation, const QString &path)
{
    core::PipelineLoadResult result = core::PipelineLoader::loadFile(path);

    // The text view shows the same bytes the loader parsed; a file the loader refused to read
    // (missing, too large) shows no text rather than a partial one.
    QString text;
    if (!result.ioError) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            text = QString::fromUtf8(file.read(core::PipelineLoader::MaxFileSize));
    }
    emit loaded(generation, path, result, text);
}

} // namespace pw::ui
