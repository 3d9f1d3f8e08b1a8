#pragma once

#include <QWidget>

class QDoubleSpinBox;
class QSlider;

namespace pw::ui {

// A number a person tunes by dragging or typing: a slider and a spin box kept in step.
// The slider covers [minimum, maximum] in 1000 steps; the spin box takes any value in range.
class RateControl : public QWidget
{
    Q_OBJECT

public:
    RateControl(const QString &name, double minimum, double maximum, int decimals,
                QWidget *parent = nullptr);

    double value() const;
    void setValue(double value);
    void setRange(double minimum, double maximum);
    void setSuffix(const QString &suffix);
    QSlider *slider() const { return m_slider; }
    QDoubleSpinBox *spinBox() const { return m_spin; }

signals:
    void valueChanged(double value);

private:
    void onSlider(int position);
    void onSpin(double value);

    QSlider *m_slider;
    QDoubleSpinBox *m_spin;
    bool m_syncing = false;
};

} // namespace pw::ui
