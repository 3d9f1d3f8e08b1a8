#pragma once

#include <QObject>

class QScrollBar;

namespace pw::ui {

// Follow-tail for a scroll bar: while following, growth keeps the view at the end; scrolling
// up stops following; reaching the end again resumes it (pull-to-follow, like klogg and
// `tail -f` in less). Owned by LogView.
class LogTailFollower : public QObject
{
    Q_OBJECT

public:
    explicit LogTailFollower(QScrollBar *bar, QObject *parent = nullptr);

    bool isFollowing() const { return m_following; }
    void setFollowing(bool follow);
    // Call after the scroll bar's range grew.
    void rangeGrew();

signals:
    void followingChanged(bool following);

private:
    void onValueChanged(int value);

    QScrollBar *m_bar;
    bool m_following = true;
    bool m_adjusting = false;
};

} // namespace pw::ui
