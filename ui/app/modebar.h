#pragma once

#include <QWidget>

class QButtonGroup;
class QVBoxLayout;

namespace pw::ui {

// The strip of area buttons down the main window's left edge (Pipeline, Runs, …). Exactly one
// is checked; the main window switches its stacked areas on currentChanged().
class ModeBar : public QWidget
{
    Q_OBJECT

public:
    explicit ModeBar(QWidget *parent = nullptr);

    int addMode(const QIcon &icon, const QString &text);
    int currentIndex() const;
    void setCurrentIndex(int index);

signals:
    void currentChanged(int index);

private:
    QButtonGroup *m_group;
    QVBoxLayout *m_layout;
};

} // namespace pw::ui
