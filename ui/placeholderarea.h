#pragma once

#include <QWidget>

namespace pw::ui {

// Stands in for an area of the main window whose feature is not built yet. It says so
// plainly, names what is coming, and shows no made-up data.
class PlaceholderArea : public QWidget
{
    Q_OBJECT

public:
    PlaceholderArea(const QString &title, const QString &comingText, QWidget *parent = nullptr);
};

} // namespace pw::ui
