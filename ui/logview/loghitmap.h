#pragma once

#include <QWidget>

namespace pw::core {
class LogSearch;
}

namespace pw::ui {

class LogViewModel;

// A strip beside the vertical scroll bar marking where search hits are, with the first
// error and the visible range. Each pixel row asks the sorted hit list how many hits fall in
// its line range (binary search), so painting costs O(height · log hits) — a million hits
// never freeze it (klogg#562). Owned by LogView.
class LogHitMap : public QWidget
{
    Q_OBJECT

public:
    LogHitMap(LogViewModel *model, pw::core::LogSearch *search, QWidget *parent = nullptr);

    void setErrorLine(qint64 line);
    void setVisibleRows(qint64 first, qint64 count);
    QSize sizeHint() const override { return {10, 100}; }

signals:
    void rowClicked(qint64 row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    LogViewModel *m_model;
    pw::core::LogSearch *m_search;
    qint64 m_errorLine = -1;
    qint64 m_firstVisible = 0;
    qint64 m_visibleCount = 0;
};

} // namespace pw::ui
