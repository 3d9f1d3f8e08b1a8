#include "placeholderarea.h"

#include <QLabel>
#include <QVBoxLayout>

namespace pw::ui {

PlaceholderArea::PlaceholderArea(const QString &title, const QString &comingText,
                                 QWidget *parent)
    : QWidget(parent)
{
    auto *heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("placeholderTitle"));
    heading->setAlignment(Qt::AlignCenter);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.5);
    headingFont.setBold(true);
    heading->setFont(headingFont);

    auto *notBuilt = new QLabel(tr("Not built yet."), this);
    notBuilt->setObjectName(QStringLiteral("placeholderStatus"));
    notBuilt->setAlignment(Qt::AlignCenter);

    auto *coming = new QLabel(comingText, this);
    coming->setObjectName(QStringLiteral("placeholderText"));
    coming->setAlignment(Qt::AlignCenter);
    coming->setWordWrap(true);
    coming->setMaximumWidth(520);
    coming->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(heading);
    layout->addWidget(notBuilt);
    layout->addSpacing(8);
    layout->addWidget(coming, 0, Qt::AlignHCenter);
    layout->addStretch(2);
}

} // namespace pw::ui
