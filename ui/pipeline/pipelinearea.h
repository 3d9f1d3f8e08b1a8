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
class ProblemsModel;
class ProblemsView;
class YamlView;

// The Pipeline area of the main window: the visual editor of the open file, its YAML text
// (editable; re-read after a short pause in typing) and the problems core finds in it. It
// owns the file's one PipelineDocument, keeps the views in step with it, and asks the user
// what to do when unsaved edits are at stake (closing, opening, reloading, the file changed
// on disk).
class PipelineArea : public QWidget
{
    Q_OBJECT

public:
    static constexpr int TypingDelayMs = 300;

    explicit PipelineArea(QWidget *parent = nullptr);

    bool openFile(const QString &path);
    // Reads the file again; with unsaved edits, asks first. False when nothing was reloaded.
    bool reload();

    // Saves the text as it is now (pending typing included). False with error on failure.
    bool save(QString *error);
    bool saveAs(const QString &path, QString *error);
    void setRunEngine(core::RunEngine *engine);

    // With unsaved edits, asks Save / Discard / Cancel (a QMessageBox named
    // "unsavedChangesBox"); true when the caller may go on and drop the document's edits.
    bool maybeSave();

    PipelineDocument *document() const { return m_document; }
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
    void showLoaded();
    void askAboutDiskChange();
    void jumpToStage(const QString &id);
    void showText();
    void showDiagnostics();
    void flushTyping();

    PipelineDocument *m_document;
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
    bool m_askingAboutDisk = false;
};

} // namespace pw::ui
