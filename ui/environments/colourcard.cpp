#include "colourcard.h"

#include "elidedlabel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace pw::ui {

namespace {

using Health = core::BlueGreenStatus::Colour::Health;

QColor healthColour(Health h)
{
    switch (h) {
    case Health::Healthy: return {0x27, 0xae, 0x60};
    case Health::Progressing: return {0xf2, 0x99, 0x1e};
    case Health::Failed: return {0xd6, 0x45, 0x41};
    case Health::ScaledDown:
    case Health::Missing: break;
    }
    return {0x9a, 0xa5, 0xb1};
}

QPixmap dot(const QColor &c, int size)
{
    QPixmap pm(size * 2, size * 2);
    pm.setDevicePixelRatio(2);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    return pm;
}

// A git SHA is shown by its first 8 digits (enough to tell commits apart in one repository);
// any other label value as it is.
QString shortCommit(const QString &commit)
{
    static const QRegularExpression sha(QStringLiteral("^[0-9a-f]{12,64}$"));
    return sha.match(commit).hasMatch() ? commit.left(8) : commit;
}

QLabel *caption(const QString &text)
{
    auto *l = new QLabel(text);
    QPalette pal = l->palette();
    pal.setColor(QPalette::WindowText, QColor(0x6a, 0x73, 0x7d));
    l->setPalette(pal);
    return l;
}

} // namespace

ColourCard::ColourCard(const QString &colour, QWidget *parent)
    : QFrame(parent)
    , m_colour(colour)
    , m_title(new QLabel)
    , m_badge(new QLabel)
    , m_image(new ElidedLabel)
    , m_commit(new QLabel)
    , m_replicas(new QLabel)
    , m_age(new QLabel)
    , m_healthDot(new QLabel)
    , m_health(new QLabel)
    , m_note(new QLabel)
{
    setObjectName(colour + QStringLiteral("Card"));
    setMinimumWidth(340);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    const QString name = colour.left(1).toUpper() + colour.mid(1);
    m_title->setText(name);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.45);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    QPalette titlePal = m_title->palette();
    titlePal.setColor(QPalette::WindowText, accent(colour).darker(115));
    m_title->setPalette(titlePal);
    m_badge->setObjectName(QStringLiteral("badge"));
    m_badge->setAlignment(Qt::AlignCenter);
    m_commit->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    QPalette notePal = m_note->palette();
    notePal.setColor(QPalette::WindowText, QColor(0x6a, 0x73, 0x7d));
    m_note->setPalette(notePal);

    auto *header = new QHBoxLayout;
    auto *chip = new QLabel;
    chip->setPixmap(dot(accent(colour), 14));
    header->addWidget(chip);
    header->addWidget(m_title);
    header->addStretch(1);
    header->addWidget(m_badge);

    auto *form = new QGridLayout;
    form->setHorizontalSpacing(14);
    form->setVerticalSpacing(7);
    form->setColumnStretch(1, 1);
    auto *health = new QHBoxLayout;
    health->setSpacing(6);
    health->addWidget(m_healthDot);
    health->addWidget(m_health, 1);
    int row = 0;
    form->addWidget(caption(tr("Image")), row, 0);
    form->addWidget(m_image, row++, 1);
    form->addWidget(caption(tr("Commit")), row, 0);
    form->addWidget(m_commit, row++, 1);
    form->addWidget(caption(tr("Replicas")), row, 0);
    form->addWidget(m_replicas, row++, 1);
    form->addWidget(caption(tr("Age")), row, 0);
    form->addWidget(m_age, row++, 1);
    form->addWidget(caption(tr("Health")), row, 0);
    form->addLayout(health, row++, 1);

    auto *layout = new QVBoxLayout(this);
    // Room for the accent band painted along the top.
    layout->setContentsMargins(18, 20, 18, 16);
    layout->setSpacing(12);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addWidget(m_note);
    setColour({}, Role::Unknown);
}

QColor ColourCard::accent(const QString &colour)
{
    return colour == QLatin1String("green") ? QColor(0x27, 0xae, 0x60) : QColor(0x2f, 0x80, 0xed);
}

void ColourCard::setColour(const core::BlueGreenStatus::Colour &c, Role role)
{
    m_status = c;
    m_role = role;
    const QColor colour = accent(m_colour);
    QString badge;
    QString badgeStyle = QStringLiteral("color: #57606a; background: #eef1f4;");
    switch (role) {
    case Role::Unknown:
        badge = tr("reading…");
        break;
    case Role::NoTraffic:
        badge = tr("no traffic yet");
        break;
    case Role::Live:
        badge = tr("● LIVE");
        badgeStyle = QStringLiteral("color: white; background: %1; font-weight: bold;")
                         .arg(colour.name());
        break;
    case Role::Previous:
        badge = tr("previous · rollback target");
        badgeStyle = QStringLiteral("color: #7a4f01; background: #fff1d6;");
        break;
    case Role::Idle:
        badge = tr("idle");
        break;
    }
    m_badge->setText(badge);
    m_badge->setStyleSheet(badgeStyle
                           + QStringLiteral(" border-radius: 10px; padding: 3px 10px;"));
    m_badge->setToolTip(role == Role::Live ? tr("The Service sends all traffic to %1")
                                                 .arg(m_colour)
                                           : QString());

    const bool known = role != Role::Unknown;
    const bool exists = known && c.exists;
    const QString none = QStringLiteral("—");
    m_image->setText(exists ? c.image : none);
    m_commit->setText(exists && !c.commit.isEmpty() ? shortCommit(c.commit) : none);
    m_commit->setToolTip(exists ? c.commit : QString());
    if (!exists)
        m_replicas->setText(none);
    else if (c.desired == 0)
        m_replicas->setText(tr("0 (scaled down)"));
    else
        m_replicas->setText(tr("%1/%2 ready").arg(c.ready).arg(c.desired));
    const Health h = known ? c.health() : Health::Missing;
    m_healthDot->setPixmap(dot(healthColour(h), 11));
    m_health->setText(known ? core::BlueGreenStatus::Colour::healthText(h) : none);
    m_health->setToolTip(exists ? c.rolloutMessage : QString());
    if (known && !c.exists) {
        m_note->setText(tr("No deployment %1 yet. A pipeline's bluegreen step deploys the new "
                           "version here while the other colour serves.")
                            .arg(m_colour));
        m_note->setVisible(true);
    } else if (exists && h != Health::Healthy && !c.rolloutMessage.isEmpty()) {
        m_note->setText(c.rolloutMessage);
        m_note->setVisible(true);
    } else {
        m_note->setVisible(false);
    }
    updateAge(QDateTime::currentDateTimeUtc());
    update();
}

void ColourCard::updateAge(const QDateTime &now)
{
    if (m_role == Role::Unknown || !m_status.exists) {
        m_age->setText(QStringLiteral("—"));
        return;
    }
    QStringList parts;
    if (m_status.deployedAt.isValid())
        parts << tr("deployed %1 ago").arg(duration(m_status.deployedAt.secsTo(now)));
    if (m_status.createdAt.isValid()
        && (!m_status.deployedAt.isValid()
            || qAbs(m_status.createdAt.secsTo(m_status.deployedAt)) > 1))
        parts << tr("created %1 ago").arg(duration(m_status.createdAt.secsTo(now)));
    m_age->setText(parts.isEmpty() ? QStringLiteral("—") : parts.join(QStringLiteral(" · ")));
}

QString ColourCard::duration(qint64 s)
{
    s = qMax<qint64>(0, s);
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min").arg(s / 60);
    if (s < 86400)
        return s % 3600 >= 60 ? tr("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60)
                              : tr("%1 h").arg(s / 3600);
    return tr("%1 d").arg(s / 86400);
}

QString ColourCard::badgeText() const { return m_badge->text(); }
QString ColourCard::imageText() const { return m_image->text(); }
QString ColourCard::commitText() const { return m_commit->text(); }
QString ColourCard::replicasText() const { return m_replicas->text(); }
QString ColourCard::ageText() const { return m_age->text(); }
QString ColourCard::healthText() const { return m_health->text(); }

void ColourCard::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const bool live = m_role == Role::Live;
    const QColor colour = accent(m_colour);
    const qreal pen = live ? 2.5 : 1.0;
    const QRectF r = QRectF(rect()).adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2);
    QPainterPath card;
    card.addRoundedRect(r, 10, 10);
    p.fillPath(card, palette().color(QPalette::Base));
    if (live) // a faint tint of the colour taking traffic
        p.fillPath(card, QColor(colour.red(), colour.green(), colour.blue(), 16));
    // The accent band along the top, clipped to the rounded corners.
    p.save();
    p.setClipPath(card);
    p.fillRect(QRectF(r.left(), r.top(), r.width(), 6), colour);
    p.restore();
    p.setPen(QPen(live ? colour : QColor(0xd0, 0xd7, 0xde), pen));
    p.setBrush(Qt::NoBrush);
    p.drawPath(card);
}

} // namespace pw::ui
