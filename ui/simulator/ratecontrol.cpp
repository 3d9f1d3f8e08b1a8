#include "ratecontrol.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSlider>

#include <cmath>

namespace pw::ui {

namespace {
constexpr int sliderSteps = 1000;
}

RateControl::RateControl(const QString &name, double minimum, double maximum, int decimals,
                         QWidget *parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spin(new QDoubleSpinBox(this))
{
    setObjectName(name);
    m_slider->setObjectName(name + QStringLiteral("Slider"));
    m_spin->setObjectName(name + QStringLiteral("Spin"));
    m_slider->setRange(0, sliderSteps);
    m_spin->setDecimals(decimals);
    m_spin->setKeyboardTracking(false);
    m_spin->setMinimumWidth(96);
    setRange(minimum, maximum);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin);
    connect(m_slider, &QSlider::valueChanged, this, &RateControl::onSlider);
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, &RateControl::onSpin);
}

double RateControl::value() const
{
    return m_spin->value();
}

void RateControl::setValue(double value)
{
    m_spin->setValue(value);
}

void RateControl::setRange(double minimum, double maximum)
{
    m_syncing = true;
    m_spin->setRange(minimum, maximum);
    m_syncing = false;
    onSpin(m_spin->value());
}

void RateControl::setSuffix(const QString &suffix)
{
    m_spin->setSuffix(suffix);
}

void RateControl::onSlider(int position)
{
    if (m_syncing)
        return;
    const double span = m_spin->maximum() - m_spin->minimum();
    m_spin->setValue(m_spin->minimum() + span * position / sliderSteps);
}

void RateControl::onSpin(double value)
{
    if (m_syncing)
        return;
    const double span = m_spin->maximum() - m_spin->minimum();
    m_syncing = true;
    m_slider->setValue(span > 0 ? int(std::lround((value - m_spin->minimum()) / span
                                                  * sliderSteps))
                                : 0);
    m_syncing = false;
    emit valueChanged(value);
}

} // namespace pw::ui
