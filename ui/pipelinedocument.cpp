#include "pipelinedocument.h"

#include "pipelineloadworker.h"

#include <QFileInfo>

namespace pw::ui {

PipelineDocument::PipelineDocument(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<core::PipelineLoadResult>();
    m_thread.setObjectName(QStringLiteral("PipelineLoader"));
    m_worker = new PipelineLoadWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PipelineLoadWorker::loaded, this, &PipelineDocument::onLoaded);
    m_thread.start();
}

PipelineDocument::~PipelineDocument()
{
    // A load in progress finishes first; its result is then dropped with the queued signal.
    m_thread.quit();
    m_thread.wait();
}

bool PipelineDocument::open(const QString &path)
{
    if (path.isEmpty())
        return false;
    m_path = QFileInfo(path).absoluteFilePath();
    m_loading = true;
    const quint64 generation = ++m_generation;
    PipelineLoadWorker *worker = m_worker;
    const QString absolute = m_path;
    QMetaObject::invokeMethod(
        worker, [worker, generation, absolute] { worker->load(generation, absolute); },
        Qt::QueuedConnection);
    emit loadStarted(m_path);
    return true;
}

bool PipelineDocument::reload()
{
    return open(m_path);
}

void PipelineDocument::onLoaded(quint64 generation, const QString &path,
                                const core::PipelineLoadResult &result, const QString &text)
{
    if (generation != m_generation || path != m_path)
        return; // an answer to a request that a newer open() replaced
    m_loading = false;
    m_result = result;
    m_text = text;
    emit loaded();
}

} // namespace pw::ui
