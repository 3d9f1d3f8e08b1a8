#pragma once

#include <QWidget>

class QLabel;
class QSplitter;
class QTimer;

namespace pw::core {
class RunEngine;
}

namespace pw::ui {

class PipelineDocument;
class PipelineEditor;
class PipelineEditorDocument;
class ProblemsModel;
class ProblemsView;
class YamlView;

// The Pipeline area of the main window: the visual editor of the open file, its YAML text
// (editable; re-read after a short pause in typing) and the loader's problems. It owns the
// loading document and the editor document, and keeps the views in step with them.
class PipelineArea : public QWidget
{
    Q_OBJECT

public:
    static constexpr int TypingDelayMs = 300;

    explicit PipelineArea(QWidget *parent = nullptr);

    bool openFile(const QString &path);
    bool reload();

    // Saves the text as it is now (pending typing included). False with error on failure.
    bool save(QString *error);
    bool saveAs(const QString &path, QString *error);
    void setRunEngine(core::RunEngine *engine);

    PipelineDocument *document() const { return m_document; }
    PipelineEditorDocument *editorDocument() const { return m_editorDocument; }
    PipelineEditor *editor() const { return m_editor; }
    YamlView *yamlView() const { return m_yaml; }
    ProblemsView *problemsView() const { return m_problemsView; }
    ProblemsModel *problemsModel() const { return m_problems; }

    // "N stages, M problems" for the status bar; empty while nothing is open.
    QString summary() const;

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

signals:
    void summaryChanged();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void sizePanes();
    void showLoadStarted();
    void showLoaded();
    void jumpToStage(const QString &id);
    void showText();
    void showDiagnostics();
    void flushTyping();

    PipelineDocument *m_document;
    PipelineEditorDocument *m_editorDocument;
    PipelineEditor *m_editor;
    QTimer *m_typingTimer;
    bool m_settingText = false;
    YamlView *m_yaml;
    ProblemsModel *m_problems;
    ProblemsView *m_problemsView;
    QLabel *m_problemsTitle;
    QSplitter *m_outer;
    QSplitter *m_inner;
    bool m_panesSized = false; // by the user or a restored state: left alone from then on
};

} // namespace pw::ui
