#pragma once

#include <QWidget>

class QLabel;
class QSplitter;

namespace pw::ui {

class DagOverview;
class PipelineDocument;
class ProblemsModel;
class ProblemsView;
class YamlView;

// The Pipeline area of the main window: the open file's DAG overview, its YAML text and the
// loader's problems. It owns the document and keeps the three views in step with it.
class PipelineArea : public QWidget
{
    Q_OBJECT

public:
    explicit PipelineArea(QWidget *parent = nullptr);

    bool openFile(const QString &path);
    bool reload();

    PipelineDocument *document() const { return m_document; }
    DagOverview *dagOverview() const { return m_dag; }
    YamlView *yamlView() const { return m_yaml; }
    ProblemsView *problemsView() const { return m_problemsView; }
    ProblemsModel *problemsModel() const { return m_problems; }

    // "N stages, M problems" for the status bar; empty while nothing is open.
    QString summary() const;

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

signals:
    void summaryChanged();

private:
    void showLoadStarted();
    void showLoaded();
    void jumpToStage(int stageIndex);

    PipelineDocument *m_document;
    DagOverview *m_dag;
    YamlView *m_yaml;
    ProblemsModel *m_problems;
    ProblemsView *m_problemsView;
    QLabel *m_problemsTitle;
    QSplitter *m_outer;
    QSplitter *m_inner;
};

} // namespace pw::ui
