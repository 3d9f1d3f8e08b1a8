#pragma once

#include "core/deploy/bluegreenstatus.h"

#include <QDateTime>
#include <QFrame>

class QLabel;

namespace pw::ui {

class ElidedLabel;

// One colour of a blue/green environment as a card: its image and commit, ready/desired
// replicas, age and health, and a badge saying whether it takes traffic. It only shows the
// BlueGreenStatus::Colour it is given. Owned by the EnvironmentPanel.
class ColourCard : public QFrame
{
    Q_OBJECT

public:
    enum class Role {
        Unknown,   // no status read yet
        NoTraffic, // the Service does not exist yet
        Live,      // the Service selects this colour
        Previous,  // traffic came from here at the last switch: the rollback target
        Idle,      // the other colour
    };

    explicit ColourCard(const QString &colour, QWidget *parent = nullptr);

    QString colourName() const { return m_colour; }
    static QColor accent(const QString &colour);

    void setColour(const core::BlueGreenStatus::Colour &c, Role role);
    // The age line moves with the clock; the panel's one-second timer calls this.
    void updateAge(const QDateTime &now);

    Role role() const { return m_role; }
    QString badgeText() const;
    QString imageText() const;
    QString commitText() const;
    QString replicasText() const;
    QString ageText() const;
    QString healthText() const;

    // "3 s", "4 min", "2 h 5 min", "3 d"
    static QString duration(qint64 seconds);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_colour;
    Role m_role = Role::Unknown;
    core::BlueGreenStatus::Colour m_status;
    QLabel *m_title;
    QLabel *m_badge;
    ElidedLabel *m_image;
    QLabel *m_commit;
    QLabel *m_replicas;
    QLabel *m_age;
    QLabel *m_healthDot;
    QLabel *m_health;
    QLabel *m_note;
};

} // namespace pw::ui
