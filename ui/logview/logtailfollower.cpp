#include "logtailfollower.h"

#include <QScrollBar>

namespace pw::ui {

LogTailFollower::LogTailFollower(QScrollBar *bar, QObject *parent)
    : QObject(parent), m_bar(bar)
{
    connect(bar, &QScrollBar::valueChanged, this, &LogTailFollower::onValueChanged);
}

void LogTailFollower::setFollowing(bool follow)
{
    if (follow) {
        m_adjusting = true;
        m_bar->setValue(m_bar->maximum());
        m_adjusting = false;
    }
    if (m_following == follow)
        return;
    m_following = follow;
    emit followingChanged(follow);
}

void LogTailFollower::rangeGrew()
{
    if (!m_following)
        return;
    m_adjusting = true;
    m_bar->setValue(m_bar->maximum());
    m_adjusting = false;
}

void LogTailFollower::onValueChanged(int value)
{
    if (m_adjusting)
        return;
    // Any move away from the end is the user reading: stop. Back at the end: follow again.
    setFollowing(value >= m_bar->maximum());
}

} // namespace pw::ui
