#pragma once

#include "core/pipeline/pipelineloader.h"

#include <QObject>
#include <QThread>

namespace pw::ui {

class PipelineLoadWorker;

// The pipeline file open in the editor: its path, the model the core loader read, the
// loader's problems and the file's text. Loading happens on a worker thread; views observe
// loadStarted()/loaded() and read the state from here. Owned by the Pipeline area.
class PipelineDocument : public QObject
{
    Q_OBJECT

public:
    explicit PipelineDocument(QObject *parent = nullptr);
    ~PipelineDocument() override;

    // Starts loading path; false (and nothing changes) when path is empty.
    bool open(const QString &path);
    bool reload();

    QString path() const { return m_path; }
    bool isLoading() const { return m_loading; }
    bool hasFile() const { return !m_path.isEmpty(); }
    const core::Pipeline &pipeline() const { return m_result.pipeline; }
    const core::Diagnostics &diagnostics() const { return m_result.diagnostics; }
    bool ioError() const { return m_result.ioError; }
    QString text() const { return m_text; }

signals:
    void loadStarted(const QString &path);
    void loaded();

private:
    void onLoaded(quint64 generation, const QString &path,
                  const pw::core::PipelineLoadResult &result, const QString &text);

    QThread m_thread;
    PipelineLoadWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    quint64 m_generation = 0;
    QString m_path;
    bool m_loading = false;
    core::PipelineLoadResult m_result;
    QString m_text;
};

} // namespace pw::ui
