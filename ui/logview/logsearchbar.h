#pragma once

#include "core/logs/logsearchquery.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace pw::ui {

// The find bar above the log: pattern, case and regex toggles, previous/next and "n of N".
// It only edits the query; LogView runs the search. Owned by LogViewer.
class LogSearchBar : public QWidget
{
    Q_OBJECT

public:
    explicit LogSearchBar(QWidget *parent = nullptr);

    pw::core::LogSearchQuery query() const;
    void activate(); // show, focus, select the pattern
    // current is 0-based, -1 for none; running while the worker still searches.
    void setStatus(qint64 current, qint64 total, bool running, const QString &error = {});
    QLineEdit *lineEdit() const { return m_edit; }

signals:
    void queryChanged(const pw::core::LogSearchQuery &query);
    void nextRequested();
    void previousRequested();
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QLineEdit *m_edit;
    QToolButton *m_case;
    QToolButton *m_regex;
    QLabel *m_status;
    QTimer m_debounce;
};

} // namespace pw::ui
