#pragma once

#include <QWidget>

namespace pw::ui {

class YamlView;

// The gutter at the left of the YAML view. It only forwards painting to its view, which
// knows the visible blocks; it is a separate widget so it stays fixed while the text scrolls.
class LineNumberArea : public QWidget
{
    Q_OBJECT

public:
    explicit LineNumberArea(YamlView *view);

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    YamlView *m_view;
};

} // namespace pw::ui
