#include "environmentpanel.h"

#include "colourcard.h"
#include "switchhistorymodel.h"

#include "core/deploy/bluegreenwatcher.h"
#include "core/kube/kubeconnection.h"
#include "core/kube/kubesteptarget.h"
#include "core/store/runstore.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace pw::ui {

namespace {

using Op = core::BlueGreenController::Operation;
using Health = core::BlueGreenStatus::Colour::Health;

QString clock(qint64 seconds)
{
    seconds = qMax<qint64>(0, seconds);
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg(seconds % 3600 / 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QLabel *sectionTitle(const QString &text)
{
    auto *l = new QLabel(text);
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}

void setTextColour(QWidget *w, const QColor &c)
{
    QPalette pal = w->palette();
    pal.setColor(QPalette::WindowText, c);
    w->setPalette(pal);
}

QString toggleStyle(const QColor &accent)
{
    return QStringLiteral(
               "QPushButton { background: %1; color: white; font-weight: bold;"
               " border: 2px solid %1; border-radius: 6px; padding: 7px 18px; }"
               "QPushButton:hover { background: %2; border-color: %2; }"
               "QPushButton:focus { border-color: #1f2328; }"
               "QPushButton:disabled { background: #d8dee4; border-color: #d8dee4;"
               " color: #8c959f; }")
        .arg(accent.name(), accent.darker(112).name());
}

} // namespace

EnvironmentPanel::EnvironmentPanel(core::EnvironmentSpec env, core::RunStore *store,
                                   QWidget *parent)
    : QWidget(parent)
    , m_env(std::move(env))
    , m_store(store)
    , m_resolver(this)
    , m_title(new QLabel)
    , m_subtitle(new QLabel)
    , m_busy(new QProgressBar)
    , m_progress(new QLabel)
    , m_error(new QLabel)
    , m_blue(new ColourCard(QStringLiteral("blue")))
    , m_green(new ColourCard(QStringLiteral("green")))
    , m_traffic(new QLabel)
    , m_phase(new QLabel)
    , m_toggle(new QPushButton)
    , m_rollback(new QPushButton)
    , m_abort(new QPushButton(tr("A&bort")))
    , m_history(new SwitchHistoryModel(this))
    , m_historyView(new QTreeView)
{
    setObjectName(QStringLiteral("environmentPanel"));
    m_title->setText(m_env.name);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_subtitle->setText(
        tr("namespace %1 · context %2 · service %3:%4 · app %5")
            .arg(m_env.kubeNamespace,
                 m_env.context.isEmpty() ? tr("(current)") : m_env.context, m_env.service)
            .arg(m_env.port)
            .arg(m_env.app));
    setTextColour(m_subtitle, QColor(0x57, 0x60, 0x6a));

    m_error->setObjectName(QStringLiteral("environmentError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral(
        "QLabel { background: #fdecea; color: #86181d; border: 1px solid #f4b9b4;"
        " border-radius: 6px; padding: 8px 10px; }"));
    m_error->setVisible(false);

    QFont trafficFont = m_traffic->font();
    trafficFont.setPointSizeF(trafficFont.pointSizeF() * 1.1);
    m_traffic->setFont(trafficFont);
    m_traffic->setWordWrap(true);
    m_phase->setObjectName(QStringLiteral("phase"));
    m_phase->setWordWrap(true);
    m_phase->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff8e6; color: #5c4400; border: 1px solid #f0d9a8;"
        " border-radius: 6px; padding: 6px 10px; }"));
    m_phase->setVisible(false);

    m_toggle->setObjectName(QStringLiteral("trafficToggle"));
    m_rollback->setObjectName(QStringLiteral("rollback"));
    m_abort->setObjectName(QStringLiteral("abort"));
    for (QPushButton *b : {m_toggle, m_rollback, m_abort}) {
        b->setFocusPolicy(Qt::StrongFocus);
        b->setAutoDefault(false);
    }
    m_rollback->setMinimumHeight(34);
    m_abort->setMinimumHeight(34);

    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setFixedSize(90, 8);
    m_busy->setVisible(false);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setWordWrap(true);
    setTextColour(m_progress, QColor(0x57, 0x60, 0x6a));

    m_historyView->setObjectName(QStringLiteral("switchHistory"));
    m_historyView->setModel(m_history);
    m_historyView->setRootIsDecorated(false);
    m_historyView->setUniformRowHeights(true);
    m_historyView->setAlternatingRowColors(true);
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->header()->setStretchLastSection(true);
    m_historyView->setColumnWidth(SwitchHistoryModel::When, 150);
    m_historyView->setColumnWidth(SwitchHistoryModel::Who, 130);
    m_historyView->setColumnWidth(SwitchHistoryModel::Action, 100);
    m_historyView->setColumnWidth(SwitchHistoryModel::Traffic, 120);
    m_historyView->setColumnWidth(SwitchHistoryModel::Commit, 90);
    m_historyView->setColumnWidth(SwitchHistoryModel::Outcome, 90);
    m_historyView->setMinimumHeight(120);

    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);

    auto *cards = new QHBoxLayout;
    cards->setSpacing(16);
    cards->addWidget(m_blue, 1);
    cards->addWidget(m_green, 1);

    auto *actions = new QHBoxLayout;
    actions->setSpacing(10);
    actions->addWidget(m_toggle);
    actions->addWidget(m_rollback);
    actions->addWidget(m_abort);
    actions->addSpacing(12);
    actions->addWidget(m_busy);
    actions->addWidget(m_progress, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 14, 18, 14);
    layout->setSpacing(10);
    layout->addLayout(titles);
    layout->addWidget(m_error);
    layout->addSpacing(4);
    layout->addLayout(cards);
    layout->addSpacing(2);
    layout->addWidget(m_traffic);
    layout->addWidget(m_phase);
    layout->addLayout(actions);
    layout->addSpacing(6);
    layout->addWidget(sectionTitle(tr("Switch history")));
    layout->addWidget(m_historyView, 1);
    setTabOrder(m_toggle, m_rollback);
    setTabOrder(m_rollback, m_abort);
    setTabOrder(m_abort, m_historyView);

    connect(m_toggle, &QPushButton::clicked, this, &EnvironmentPanel::askToSwitch);
    connect(m_rollback, &QPushButton::clicked, this, &EnvironmentPanel::rollback);
    connect(m_abort, &QPushButton::clicked, this, &EnvironmentPanel::askToAbort);
    // Display only: ages, the verify window and the scale-down countdown move with the clock.
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &EnvironmentPanel::updateTimes);

    refreshHistory();
    updateView();
}

EnvironmentPanel::~EnvironmentPanel() = default;

void EnvironmentPanel::connectToCluster(const QStringList &kubeconfigPaths)
{
    if (m_controller)
        return;
    setWorking(tr("Connecting to context %1…")
                   .arg(m_env.context.isEmpty() ? tr("(current)") : m_env.context));
    m_connecting = true;
    updateButtons();
    const core::KubeStepTarget target{m_env.context, m_env.kubeNamespace, kubeconfigPaths};
    // `this` is only touched in the posted lambda, which is dropped once the panel is gone.
    m_resolver.start([this, target](const core::KubeBackgroundTask::Handle &h) {
        core::KubeConnection connection;
        QStringList warnings;
        QString error;
        const bool ok = target.resolve(&connection, &warnings, &error);
        h.post([this, ok, connection, error] {
            m_connecting = false;
            if (ok) {
                startWatching(connection);
                return;
            }
            m_progress->clear();
            m_statusError = tr("Not connected: %1").arg(error);
            updateView();
        });
    });
}

void EnvironmentPanel::startWatching(const core::KubeConnection &connection)
{
    m_controller = new core::BlueGreenController(connection, this);
    m_controller->setHistory(m_store);
    if (!m_baseDir.isEmpty())
        m_controller->setBaseDir(m_baseDir);
    // Made before the panel listens to the controller, so the lifecycle has moved on to its
    // next phase by the time the panel shows an operation's end.
    m_lifecycle = new core::BlueGreenLifecycle(m_controller, this);
    connect(m_lifecycle, &core::BlueGreenLifecycle::phaseChanged, this,
            [this](core::BlueGreenLifecycle::Phase phase) {
                if (phase == core::BlueGreenLifecycle::Phase::Verifying)
                    setWorking(tr("Verifying %1 until %2…")
                                   .arg(m_controller->lastStatus().active,
                                        m_controller->lastStatus().verifyUntil.toLocalTime()
                                            .toString(QStringLiteral("HH:mm:ss"))));
            });
    connect(m_lifecycle, &core::BlueGreenLifecycle::finished, this,
            [this] { updateView(); });
    connect(m_controller, &core::BlueGreenController::progress, this,
            [this](const QString &line) { m_progress->setText(line); });
    connect(m_controller, &core::BlueGreenController::finished, this,
            &EnvironmentPanel::onFinished);

    m_watcher = new core::BlueGreenWatcher(m_env, connection, this);
    connect(m_watcher, &core::BlueGreenWatcher::statusChanged, this,
            &EnvironmentPanel::onStatus);
    connect(m_watcher, &core::BlueGreenWatcher::failed, this, [this](const QString &message) {
        m_statusError = message;
        updateView();
    });
    setWorking(tr("Reading %1 from the cluster…").arg(m_env.name));
    m_watcher->start();
}

bool EnvironmentPanel::isBusy() const
{
    return (m_controller && m_controller->isBusy()) || (m_lifecycle && m_lifecycle->isRunning());
}

ColourCard *EnvironmentPanel::card(const QString &colour) const
{
    return colour == QLatin1String("green") ? m_green : m_blue;
}

void EnvironmentPanel::onStatus(const core::BlueGreenStatus &status)
{
    const bool first = !m_hasStatus;
    m_status = status;
    m_hasStatus = true;
    m_statusError.clear();
    if (first && !isBusy())
        m_progress->clear();
    refreshHistory();
    updateView();
    if (!m_clock.isActive())
        m_clock.start();
    emit statusShown();
}

void EnvironmentPanel::onFinished(core::BlueGreenController::Operation operation, bool ok,
                                  const QString &message)
{
    m_operationError = ok ? QString() : message;
    m_progress->setText(ok ? message : QString());
    // The operation's last read is the freshest view; the watcher's follow-up confirms it.
    if (ok) {
        m_status = m_controller->lastStatus();
        m_hasStatus = true;
    }
    refreshHistory();
    if (m_watcher)
        m_watcher->refresh();
    updateView();
    emit operationFinished(operation, ok, message);
}

QString EnvironmentPanel::version(const QString &colour) const
{
    const core::BlueGreenStatus::Colour &c = m_status.colour(colour);
    if (!c.exists)
        return tr("%1 (no deployment)").arg(colour);
    return c.commit.isEmpty() ? tr("%1 — %2").arg(colour, c.image)
                              : tr("%1 — %2 @ %3").arg(colour, c.image, c.commit);
}

QString EnvironmentPanel::switchBlocker() const
{
    if (!m_controller)
        return m_statusError.isEmpty() ? tr("Not connected to the cluster yet") : m_statusError;
    if (!m_statusError.isEmpty())
        return tr("Blocked: %1").arg(m_statusError);
    if (!m_hasStatus)
        return tr("Waiting for the environment's state from the cluster");
    if (isBusy())
        return tr("Waiting for the running operation to finish");
    const QString idle = m_status.idle();
    const core::BlueGreenStatus::Colour &c = m_status.colour(idle);
    switch (c.health()) {
    case Health::Missing:
        return tr("%1 has no deployment yet: a pipeline's bluegreen step deploys the new "
                  "version there first")
            .arg(idle);
    case Health::ScaledDown:
        return tr("%1 is scaled down to zero replicas: deploy to it first").arg(idle);
    case Health::Failed:
        return tr("%1's rollout failed: %2").arg(idle, c.rolloutMessage);
    case Health::Progressing:
        return tr("%1 is not ready: %2 of %3 replicas ready (%4)")
            .arg(idle)
            .arg(c.ready)
            .arg(c.desired)
            .arg(c.rolloutMessage);
    case Health::Healthy:
        break;
    }
    if (!c.canTakeTraffic())
        return tr("%1 cannot take traffic yet").arg(idle);
    // The controller promotes only what was deployed since the last switch (so a double
    // click cannot flip traffic back); going back to the colour traffic left is a rollback.
    const QDateTime switchedAt = QDateTime::fromString(m_status.switchedAt, Qt::ISODateWithMs);
    if (!m_status.active.isEmpty() && switchedAt.isValid()
        && (!c.deployedAt.isValid() || c.deployedAt <= switchedAt))
        return tr("Nothing new on %1: traffic left its commit %2 at %3. Roll back to go there "
                  "again, or deploy a new version to it first")
            .arg(idle, c.commit,
                 switchedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    return {};
}

void EnvironmentPanel::askToSwitch()
{
    if (!switchBlocker().isEmpty() || m_confirmation)
        return;
    const QString from = m_status.active;
    const QString to = m_status.idle();
    // The switch is decided on what this dialog shows: the Service as read now. Whatever
    // changes it before the click makes the controller refuse (409), never switch blindly.
    const QString basis = m_status.serviceResourceVersion;
    const bool serviceExisted = m_status.serviceExists;
    const QString text =
        from.isEmpty()
            ? tr("Send the first traffic of %1 to %2?\n\nThis creates service/%3 selecting "
                 "%4.")
                  .arg(m_env.name, version(to), m_env.service, to)
            : tr("Switch the traffic of %1 (service/%2)\n\nfrom  %3\nto      %4?")
                  .arg(m_env.name, m_env.service, version(from), version(to));
    auto *box = new QMessageBox(QMessageBox::Question, tr("Switch traffic"), text,
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("switchConfirmation"));
    box->setInformativeText(
        tr("Refused if the Service changes before you confirm. Rolling back stays one click."));
    QPushButton *yes = box->addButton(tr("Switch to %1").arg(to), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(yes);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    m_confirmation = box;
    connect(box, &QMessageBox::finished, this, [this, box, yes, to, basis, serviceExisted] {
        if (box->clickedButton() != yes || !m_controller)
            return;
        if (!serviceExisted && m_status.serviceExists) {
            m_operationError = tr("promote refused: service/%1 was created by someone else "
                                  "after the confirmation was shown; nothing was switched")
                                   .arg(m_env.service);
            updateView();
            return;
        }
        m_operationError.clear();
        core::BlueGreenLifecycle::Plan plan;
        plan.basisResourceVersion = basis;
        m_lifecycle->start(m_env, plan);
        setWorking(tr("Switching traffic to %1…").arg(to));
    });
    box->open();
}

void EnvironmentPanel::rollback()
{
    if (!m_controller || !m_rollback->isEnabled())
        return;
    m_operationError.clear();
    m_controller->rollback(m_env, m_status.serviceResourceVersion);
    setWorking(tr("Rolling back to %1…").arg(m_status.previous));
}

void EnvironmentPanel::askToAbort()
{
    if (!m_controller || m_confirmation)
        return;
    const QString idle = m_status.idle();
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Abort blue/green"),
        tr("Abort the blue/green of %1?\n\nWhat runs now stops, traffic goes back if it is "
           "still being verified, and %2 scales to zero.")
            .arg(m_env.name, idle),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("abortConfirmation"));
    QPushButton *yes = box->addButton(tr("Abort"), QMessageBox::DestructiveRole);
    box->setDefaultButton(box->addButton(QMessageBox::Cancel));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    m_confirmation = box;
    connect(box, &QMessageBox::finished, this, [this, box, yes] {
        if (box->clickedButton() != yes || !m_controller)
            return;
        m_operationError.clear();
        m_controller->abort(m_env);
        setWorking(tr("Aborting…"));
    });
    box->open();
}

void EnvironmentPanel::refreshHistory()
{
    if (m_store && m_store->isOpen())
        m_history->setRecords(m_store->switches(m_env.name, m_env.kubeNamespace));
}

void EnvironmentPanel::setWorking(const QString &text)
{
    m_progress->setText(text);
    updateButtons();
}

void EnvironmentPanel::updateView()
{
    using Role = ColourCard::Role;
    for (ColourCard *card : {m_blue, m_green}) {
        const QString colour = card->colourName();
        Role role = Role::Unknown;
        if (m_hasStatus) {
            if (m_status.active.isEmpty())
                role = Role::NoTraffic;
            else if (m_status.active == colour)
                role = Role::Live;
            else if (m_status.previous == colour)
                role = Role::Previous;
            else
                role = Role::Idle;
        }
        card->setColour(m_status.colour(colour), role);
    }

    if (!m_hasStatus) {
        m_traffic->setText(tr("Traffic: —"));
    } else if (m_status.active.isEmpty()) {
        m_traffic->setText(tr("<b>No traffic yet</b> — service/%1 is created by the first "
                              "switch.")
                               .arg(m_env.service.toHtmlEscaped()));
    } else {
        const QColor accent = ColourCard::accent(m_status.active);
        QStringList details;
        if (!m_status.switchedAt.isEmpty()) {
            const QDateTime at = QDateTime::fromString(m_status.switchedAt, Qt::ISODateWithMs);
            details << tr("since %1").arg(at.isValid()
                                              ? at.toLocalTime().toString(
                                                    QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                              : m_status.switchedAt);
        }
        if (!m_status.switchedBy.isEmpty())
            details << tr("switched by %1").arg(m_status.switchedBy.toHtmlEscaped());
        if (!m_status.commit.isEmpty())
            details << tr("commit %1").arg(m_status.commit.toHtmlEscaped());
        m_traffic->setText(tr("Traffic → <b><span style=\"color:%1\">%2</span></b>"
                              "&nbsp;&nbsp;<span style=\"color:#57606a\">%3</span>")
                               .arg(accent.darker(110).name(), m_status.active,
                                    details.join(QStringLiteral(" · "))));
    }

    QStringList errors;
    if (!m_statusError.isEmpty())
        errors << m_statusError;
    if (!m_operationError.isEmpty())
        errors << m_operationError;
    m_error->setText(errors.join(u'\n'));
    m_error->setVisible(!errors.isEmpty());

    updateTimes();
    updateButtons();
}

void EnvironmentPanel::updateButtons()
{
    const bool busy = isBusy();
    // Also while connecting and until the first read: the cards are not filled yet.
    m_busy->setVisible(busy || m_connecting
                       || (m_controller && !m_hasStatus && m_statusError.isEmpty()));
    const bool verifying = m_controller && m_controller->currentOperation() == Op::Verify;
    const bool readable = m_controller && m_hasStatus && m_statusError.isEmpty();

    const QString to = m_hasStatus ? m_status.idle() : QStringLiteral("blue");
    m_toggle->setText(tr("&Switch traffic to %1").arg(to));
    m_toggle->setStyleSheet(toggleStyle(ColourCard::accent(to)));
    const QString blocker = switchBlocker();
    m_toggle->setEnabled(blocker.isEmpty());
    m_toggle->setToolTip(
        blocker.isEmpty()
            ? (m_status.active.isEmpty()
                   ? tr("Create service/%1 selecting %2, after a confirmation")
                         .arg(m_env.service, version(to))
                   : tr("Switch service/%1 from %2 to %3, after a confirmation")
                         .arg(m_env.service, version(m_status.active), version(to)))
            : blocker);

    const QString back = m_status.previous;
    QString rollbackBlocker;
    if (!readable)
        rollbackBlocker = switchBlocker();
    else if (m_status.active.isEmpty())
        rollbackBlocker = tr("No traffic has been switched yet");
    else if (back.isEmpty())
        rollbackBlocker = tr("No earlier colour to roll back to");
    else if (!m_status.colour(back).exists)
        rollbackBlocker = tr("%1 no longer has a deployment").arg(back);
    else if (busy && !verifying)
        rollbackBlocker = tr("Waiting for the running operation to finish");
    m_rollback->setText(back.isEmpty() ? tr("&Roll back") : tr("&Roll back to %1").arg(back));
    m_rollback->setEnabled(rollbackBlocker.isEmpty());
    if (rollbackBlocker.isEmpty()) {
        m_rollback->setToolTip(m_status.colour(back).canTakeTraffic()
                                   ? tr("Send traffic back to %1 now: it is still warm, so "
                                        "this is only the switch")
                                         .arg(version(back))
                                   : tr("Send traffic back to %1: it was scaled down, so it is "
                                        "scaled up and awaited first")
                                         .arg(version(back)));
    } else {
        m_rollback->setToolTip(rollbackBlocker);
    }

    const core::BlueGreenStatus::Colour &idle = m_status.colour(m_status.idle());
    // Abort also stops an operation in flight (the controller cancels it first).
    const bool abortable = readable
                           && (busy || m_status.phase == core::BlueGreenStatus::Phase::Verifying
                               || (idle.exists && idle.desired > 0));
    m_abort->setEnabled(abortable);
    if (abortable)
        m_abort->setToolTip(tr("Give up this blue/green: stop what runs, switch traffic back "
                               "if it is still being verified, and scale %1 to zero")
                                .arg(m_status.idle()));
    else if (readable)
        m_abort->setToolTip(tr("Nothing to abort: %1 is not deployed").arg(m_status.idle()));
    else
        m_abort->setToolTip(switchBlocker());
}

void EnvironmentPanel::updateTimes()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_blue->updateAge(now);
    m_green->updateAge(now);
    // A window nobody finishes (its controller was killed) is recovered from here, and a due
    // scale-down run, each once per deadline: core's upkeep decides, the panel runs it.
    const bool verifying = m_controller && m_controller->currentOperation() == Op::Verify;
    const bool canAct = m_controller && m_hasStatus && !isBusy() && !verifying
                        && m_statusError.isEmpty();
    switch (m_upkeep.due(m_status, m_env, now, canAct)) {
    case core::BlueGreenUpkeep::Action::Recover:
        m_controller->recover(m_env);
        setWorking(tr("The verification window ended unfinished; checking %1 now…")
                       .arg(m_status.active));
        break;
    case core::BlueGreenUpkeep::Action::ScaleDown:
        m_controller->scaleDownIfDue(m_env);
        setWorking(tr("Scaling %1 down…").arg(m_status.previous));
        break;
    case core::BlueGreenUpkeep::Action::None:
        break;
    }
    QString phase;
    if (m_hasStatus && m_status.phase == core::BlueGreenStatus::Phase::Verifying
        && m_status.verifyUntil.isValid()) {
        phase = tr("Verifying %1 until %2 — a failed check switches traffic back by itself")
                    .arg(m_status.active,
                         m_status.verifyUntil.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    } else if (m_hasStatus && !m_status.previous.isEmpty() && !m_status.active.isEmpty()) {
        const QString previous = m_status.previous;
        const core::BlueGreenStatus::Colour &c = m_status.colour(previous);
        if (const auto leftMs = core::BlueGreenUpkeep::msUntilScaleDown(m_status, now)) {
            phase = *leftMs > 0 ? tr("%1 stays warm for %2 — rollback is instant until then")
                                      .arg(previous, clock((*leftMs + 999) / 1000))
                                : tr("%1's warm period is over; it scales down now").arg(previous);
        } else if (c.exists && c.desired == 0) {
            phase = tr("%1 is scaled down: a rollback scales it up and waits for it first")
                        .arg(previous);
        }
    }
    m_phase->setText(phase);
    m_phase->setVisible(!phase.isEmpty());
}

} // namespace pw::ui
