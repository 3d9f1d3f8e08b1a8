#include "modebar.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QToolButton>
#include <QVBoxLayout>

namespace pw::ui {

ModeBar::ModeBar(QWidget *parent)
    : QWidget(parent)
    , m_group(new QButtonGroup(this))
    , m_layout(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("modeBar"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(QStringLiteral(
        "#modeBar { background: #e8edf3; border-right: 1px solid #c9d1db; }"
        "#modeBar QToolButton { border: none; border-radius: 6px; padding: 6px 2px;"
        "  color: #34495e; }"
        "#modeBar QToolButton:hover { background: #dde5ee; }"
        "#modeBar QToolButton:checked { background: #ffffff; color: #1f4e79;"
        "  font-weight: bold; }"));
    m_layout->setContentsMargins(6, 8, 6, 8);
    m_layout->setSpacing(4);
    m_layout->addStretch(1);
    m_group->setExclusive(true);
    connect(m_group, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
        if (checked)
            emit currentChanged(id);
    });
}

int ModeBar::addMode(const QIcon &icon, const QString &text)
{
    auto *button = new QToolButton(this);
    button->setIcon(icon);
    button->setIconSize(QSize(28, 28));
    button->setText(text);
    button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    button->setCheckable(true);
    button->setFixedWidth(92);
    button->setFocusPolicy(Qt::NoFocus); // View menu shortcuts switch areas from the keyboard
    const int index = int(m_group->buttons().size());
    m_group->addButton(button, index);
    m_layout->insertWidget(index, button);
    if (index == 0)
        button->setChecked(true);
    return index;
}

int ModeBar::currentIndex() const
{
    return m_group->checkedId();
}

void ModeBar::setCurrentIndex(int index)
{
    if (QAbstractButton *button = m_group->button(index))
        button->setChecked(true);
}

} // namespace pw::ui
