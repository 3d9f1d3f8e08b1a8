#pragma once

#include <QWidget>

namespace pw::ui {

// One line of text that shrinks with its column, eliding in the middle (image references
// keep their registry and tag readable) and showing the full text as its tooltip.
class ElidedLabel : public QWidget
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
};

} // namespace pw::ui
