#include "kubetestplane.h"

#include "ui/environments/colourcard.h"
#include "ui/environments/environmentpanel.h"
#include "ui/environments/environmentsarea.h"
#include "ui/environments/switchhistorymodel.h"

#include "core/deploy/bluegreencontroller.h"
#include "core/deploy/bluegreenwatcher.h"
#include "core/store/runstore.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pw::core;
using pw::ui::ColourCard;
using pw::ui::EnvironmentPanel;
using pw::ui::EnvironmentsArea;

// The environment panel against the local control plane (kwok makes pods Ready): the test
// clicks like a person, and checks what changed where everyone else would see it, in the
// apiserver and in the run store.
class TestEnvironmentPanel : public QObject
{
    Q_OBJECT

    std::optional<KubeConnection> m_connection;
    std::optional<KubeClient> m_client;
    QString m_kubeconfig;
    QString m_ns;
    QTemporaryDir m_data;
    RunStore m_store;

    EnvironmentSpec env() const
    {
        EnvironmentSpec e;
        e.name = QStringLiteral("production");
        e.kubeNamespace = m_ns;
        e.app = QStringLiteral("web");
        e.service = QStringLiteral("web");
        e.port = 8080;
        e.replicas = 2;
        e.smoke = QStringLiteral("none"); // no image runs here: the pods are kwok's
        e.scaleDownDelayMs = 10 * 60 * 1000;
        return e;
    }

    std::unique_ptr<BlueGreenController> controller()
    {
        auto c = std::make_unique<BlueGreenController>(*m_connection);
        c->setActor(QStringLiteral("pipeline"));
        c->setRolloutTimeoutMs(120000);
        c->setHistory(&m_store);
        return c;
    }

    static QString run(BlueGreenController &c, const std::function<void()> &start)
    {
        QSignalSpy spy(&c, &BlueGreenController::finished);
        start();
        if (!spy.wait(150000))
            return QStringLiteral("the controller did not finish");
        return spy.first().at(1).toBool() ? QString() : spy.first().at(2).toString();
    }

    // web:1 (commit c1) on blue taking traffic; with `green`, web:2 (c2) ready on green.
    void setUp(const EnvironmentSpec &e, bool green)
    {
        auto c = controller();
        QString error = run(*c, [&] {
            c->deployToIdle(e, QStringLiteral("registry.local/web:1"), QStringLiteral("c1"));
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = run(*c, [&] { c->promote(e); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        if (!green)
            return;
        error = run(*c, [&] {
            c->deployToIdle(e, QStringLiteral("registry.local/web:2"), QStringLiteral("c2"));
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    QJsonObject service() const
    {
        return m_client->get(QStringLiteral("v1"), QStringLiteral("Service"),
                             QStringLiteral("web"), m_ns).object;
    }

    QString selectedColour() const
    {
        return service()[u"spec"][u"selector"][u"colour"].toString();
    }

    int replicasOf(const QString &deployment) const
    {
        return m_client->get(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), deployment,
                             m_ns).object[u"spec"][u"replicas"].toInt(-1);
    }

    static bool bothReady(const EnvironmentPanel &panel)
    {
        return panel.card(QStringLiteral("blue"))->replicasText() == u"2/2 ready"
               && panel.card(QStringLiteral("green"))->replicasText() == u"2/2 ready";
    }

    static QPushButton *acceptButton(QMessageBox *box)
    {
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *b : buttons) {
            if (box->buttonRole(b) == QMessageBox::AcceptRole)
                return qobject_cast<QPushButton *>(b);
        }
        return nullptr;
    }

    // The rows of the panel's history as "action from→to outcome", newest first.
    static QStringList historyRows(const EnvironmentPanel &panel)
    {
        QStringList rows;
        for (const SwitchRecord &r : panel.historyModel()->records())
            rows << QStringLiteral("%1 %2→%3 %4").arg(r.action, r.fromColour, r.toColour,
                                                      r.outcome);
        return rows;
    }

    // What the panel says, for failure messages.
    static QString panelState(const EnvironmentPanel &panel)
    {
        return QStringLiteral("phase: %1 | progress: %2 | error: %3")
            .arg(panel.phaseLabel()->text(), panel.progressLabel()->text(),
                 panel.errorLabel()->text());
    }

    std::unique_ptr<EnvironmentPanel> openPanel(const EnvironmentSpec &e)
    {
        auto panel = std::make_unique<EnvironmentPanel>(e, &m_store);
        panel->resize(1280, 720);
        panel->show();
        panel->connectToCluster({m_kubeconfig});
        return panel;
    }

private slots:
    void initTestCase()
    {
        QString error;
        if (!kubetest::ensureUp(&error))
            QFAIL(qPrintable(error));
        m_kubeconfig = kubetest::kubeconfigPath();
        m_connection = kubetest::connection();
        QVERIFY2(m_connection, "cannot resolve the local control plane's kubeconfig");
        m_client.emplace(*m_connection);
        QVERIFY(m_data.isValid());
        QVERIFY2(m_store.open(m_data.path()), qPrintable(m_store.errorString()));
    }

    void init()
    {
        m_ns = kubetest::createNamespace(*m_client, QStringLiteral("pw-ui-bg"));
        QVERIFY(!m_ns.isEmpty());
    }

    void cleanup() { kubetest::deleteNamespace(*m_client, m_ns); }

    // The toggle asks first, naming both versions, then the real Service selects green; the
    // rollback button (pressed from the keyboard) sends it back; both land in the history.
    void toggleSwitchesTrafficAndRollbackSwitchesBack()
    {
        const EnvironmentSpec e = env();
        setUp(e, true);
        if (QTest::currentTestFailed())
            return;
        auto panel = openPanel(e);
        QTRY_VERIFY_WITH_TIMEOUT(bothReady(*panel), 60000);
        QCOMPARE(panel->card(QStringLiteral("blue"))->badgeText(), u"● LIVE"_qs);
        QCOMPARE(panel->card(QStringLiteral("green"))->imageText(), u"registry.local/web:2"_qs);
        QCOMPARE(panel->card(QStringLiteral("green"))->commitText(), u"c2"_qs);
        QCOMPARE(panel->card(QStringLiteral("green"))->healthText(), u"healthy"_qs);
        QVERIFY(panel->toggleButton()->isEnabled());
        QCOMPARE(panel->toggleButton()->text(), u"&Switch traffic to green"_qs);

        QTest::mouseClick(panel->toggleButton(), Qt::LeftButton);
        QMessageBox *box = panel->pendingConfirmation();
        QVERIFY2(box, "the toggle switched without asking");
        QTRY_VERIFY(box->isVisible());
        QVERIFY2(box->text().contains(u"registry.local/web:1 @ c1"), qPrintable(box->text()));
        QVERIFY2(box->text().contains(u"registry.local/web:2 @ c2"), qPrintable(box->text()));
        QCOMPARE(selectedColour(), u"blue"_qs); // nothing moves before the confirmation
        QPushButton *yes = acceptButton(box);
        QVERIFY(yes);
        QTest::mouseClick(yes, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(selectedColour(), u"green"_qs, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->card(QStringLiteral("green"))->badgeText(),
                                  u"● LIVE"_qs, 30000);
        QVERIFY2(!panel->errorLabel()->isVisible(), qPrintable(panel->errorLabel()->text()));

        QTRY_VERIFY_WITH_TIMEOUT(panel->rollbackButton()->isEnabled(), 30000);
        QCOMPARE(panel->rollbackButton()->text(), u"&Roll back to blue"_qs);
        panel->rollbackButton()->setFocus();
        QTest::keyClick(panel->rollbackButton(), Qt::Key_Space);
        QTRY_COMPARE_WITH_TIMEOUT(selectedColour(), u"blue"_qs, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->card(QStringLiteral("blue"))->badgeText(),
                                  u"● LIVE"_qs, 30000);

        // Newest first: the GUI's rollback and promote above the pipeline's set-up.
        QTRY_VERIFY_WITH_TIMEOUT(historyRows(*panel).size() >= 5, 30000);
        const QStringList rows = historyRows(*panel);
        QCOMPARE(rows.at(0), u"rollback green→blue ok"_qs);
        QCOMPARE(rows.at(1), u"promote blue→green ok"_qs);
        QVERIFY2(rows.filter(QRegularExpression(u"^deploy .* ok$"_qs)).size() == 2,
                 qPrintable(rows.join(u'\n')));
        QVERIFY(!panel->historyModel()->record(0).actor.isEmpty());

        // Traffic left green's version: going there again is the rollback, not the toggle.
        QVERIFY(!panel->toggleButton()->isEnabled());
        QVERIFY2(panel->toggleButton()->toolTip().startsWith(u"Nothing new on green"),
                 qPrintable(panel->toggleButton()->toolTip()));
        QCOMPARE(panel->card(QStringLiteral("green"))->badgeText(),
                 u"previous · rollback target"_qs);

        // Green stays warm for the scale-down delay: the countdown says so.
        QTRY_VERIFY_WITH_TIMEOUT(panel->phaseLabel()->text().startsWith(u"green stays warm for"),
                                 30000);
        QVERIFY(panel->phaseLabel()->text().contains(u"rollback is instant until then"));

        const QString shots = QStringLiteral(PW_BINARY_DIR "/screenshots");
        QVERIFY(QDir().mkpath(shots));
        // The labels just changed: lay out (posted LayoutRequests) before painting.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QVERIFY(panel->grab().save(shots + QStringLiteral("/environments.png")));
    }

    // The Service changes after the panel asked for confirmation: the promote is refused on
    // the version the person saw, the refusal shows in the panel, and traffic stays.
    void refusedPromoteShowsRefusalAndChangesNothing()
    {
        const EnvironmentSpec e = env();
        setUp(e, true);
        if (QTest::currentTestFailed())
            return;
        auto panel = openPanel(e);
        QTRY_VERIFY_WITH_TIMEOUT(bothReady(*panel), 60000);
        const QString shownVersion = panel->status().serviceResourceVersion;
        QTest::mouseClick(panel->toggleButton(), Qt::LeftButton);
        QMessageBox *box = panel->pendingConfirmation();
        QVERIFY(box);

        const KubeResult touched = m_client->patch(
            QStringLiteral("v1"), QStringLiteral("Service"), QStringLiteral("web"),
            R"({"metadata":{"annotations":{"example.com/touched-by":"someone-else"}}})",
            "application/merge-patch+json", m_ns);
        QVERIFY2(touched.ok, qPrintable(touched.message));
        // The panel itself sees the new version through its watch; the dialog still stands
        // for the old one.
        QTRY_VERIFY_WITH_TIMEOUT(panel->status().serviceResourceVersion != shownVersion, 30000);

        QSignalSpy finished(panel.get(), &EnvironmentPanel::operationFinished);
        QTest::mouseClick(acceptButton(box), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(1).toBool(), false);
        QVERIFY(panel->errorLabel()->isVisible());
        QVERIFY2(panel->errorLabel()->text().contains(u"promote refused"),
                 qPrintable(panel->errorLabel()->text()));
        QCOMPARE(selectedColour(), u"blue"_qs);
        QCOMPARE(panel->card(QStringLiteral("blue"))->badgeText(), u"● LIVE"_qs);
        const QString refusedRow = QStringLiteral("promote blue→green refused");
        QTRY_VERIFY_WITH_TIMEOUT(!historyRows(*panel).isEmpty()
                                     && historyRows(*panel).first() == refusedRow,
                                 10000);
        // Nothing stuck: with the fresh version the same toggle now works.
        QTRY_VERIFY_WITH_TIMEOUT(panel->toggleButton()->isEnabled(), 30000);
    }

    // A post-promotion window: the panel runs verify() after the switch and shows until when;
    // the environment ends stable on green.
    void verificationWindowRunsAfterTheToggle()
    {
        setUp(env(), true); // the set-up's own switch goes without a window
        if (QTest::currentTestFailed())
            return;
        EnvironmentSpec e = env();
        e.verifyWindowMs = 4000;
        e.verifyIntervalMs = 500;
        auto panel = openPanel(e);
        QTRY_VERIFY_WITH_TIMEOUT(bothReady(*panel), 60000);
        QTest::mouseClick(panel->toggleButton(), Qt::LeftButton);
        QVERIFY(panel->pendingConfirmation());
        QTest::mouseClick(acceptButton(panel->pendingConfirmation()), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(panel->phaseLabel()->text().startsWith(u"Verifying green until"),
                                 60000);
        QVERIFY(panel->controller()->currentOperation() == BlueGreenController::Operation::Verify);
        QVERIFY2(panel->rollbackButton()->isEnabled(),
                 "rollback must stay possible while verifying");
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isBusy() && panel->status().phase
                                                         == BlueGreenStatus::Phase::Stable,
                                 60000);
        QCOMPARE(selectedColour(), u"green"_qs);
        QVERIFY2(!panel->errorLabel()->isVisible(), qPrintable(panel->errorLabel()->text()));
    }

    // When the countdown reaches zero the panel asks the controller to scale the old colour
    // down, once.
    void countdownScalesThePreviousColourDown()
    {
        EnvironmentSpec e = env();
        e.scaleDownDelayMs = 3000;
        setUp(e, true);
        if (QTest::currentTestFailed())
            return;
        auto c = controller();
        const QString error = run(*c, [&] { c->promote(e); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto panel = openPanel(e);
        QTRY_VERIFY2_WITH_TIMEOUT(replicasOf(QStringLiteral("web-blue")) == 0,
                                  qPrintable(panelState(*panel)), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->card(QStringLiteral("blue"))->replicasText(),
                                  u"0 (scaled down)"_qs, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!historyRows(*panel).isEmpty()
                                     && historyRows(*panel).first().startsWith(u"scale-down"),
                                 30000);
        QCOMPARE(replicasOf(QStringLiteral("web-green")), 2);
        QCOMPARE(selectedColour(), u"green"_qs);
    }

    // Refusals and faults show inline and explain why the toggle is off.
    void blockersShowInline()
    {
        const EnvironmentSpec e = env();
        setUp(e, false);
        if (QTest::currentTestFailed())
            return;
        auto panel = openPanel(e);
        QTRY_COMPARE_WITH_TIMEOUT(panel->card(QStringLiteral("blue"))->replicasText(),
                                  u"2/2 ready"_qs, 60000);
        QCOMPARE(panel->card(QStringLiteral("green"))->healthText(), u"missing"_qs);
        QVERIFY(!panel->toggleButton()->isEnabled());
        QVERIFY2(panel->toggleButton()->toolTip().contains(u"green has no deployment yet"),
                 qPrintable(panel->toggleButton()->toolTip()));

        // Someone widens the selector by hand: the panel says so and offers nothing.
        const KubeResult edited = m_client->patch(
            QStringLiteral("v1"), QStringLiteral("Service"), QStringLiteral("web"),
            R"({"spec":{"selector":{"tier":"frontend"}}})", "application/merge-patch+json",
            m_ns);
        QVERIFY2(edited.ok, qPrintable(edited.message));
        QTRY_VERIFY_WITH_TIMEOUT(panel->errorLabel()->isVisible()
                                     && panel->errorLabel()->text().contains(u"changed by hand"),
                                 30000);
        QVERIFY(!panel->toggleButton()->isEnabled());
        QVERIFY(!panel->rollbackButton()->isEnabled());
        QVERIFY(panel->toggleButton()->toolTip().contains(u"changed by hand"));
    }

    // The apiserver going away shows in the panel (not a modal box) and clears by itself
    // once it is back, with the same state as before.
    void apiserverRestartShowsInlineAndRecovers()
    {
        const EnvironmentSpec e = env();
        setUp(e, false);
        if (QTest::currentTestFailed())
            return;
        auto panel = openPanel(e);
        QTRY_COMPARE_WITH_TIMEOUT(panel->card(QStringLiteral("blue"))->badgeText(),
                                  u"● LIVE"_qs, 60000);
        QProcess restart;
        restart.setProcessChannelMode(QProcess::MergedChannels);
        restart.start(QStringLiteral("bash"),
                      {kubetest::script(), QStringLiteral("restart-apiserver")});
        QTRY_VERIFY2_WITH_TIMEOUT(panel->errorLabel()->isVisible()
                                      && panel->errorLabel()->text().contains(
                                          u"lost the connection to the apiserver"),
                                  qPrintable(panelState(*panel)), 60000);
        QVERIFY(!panel->toggleButton()->isEnabled());
        QVERIFY(QApplication::activeModalWidget() == nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(restart.state() == QProcess::NotRunning, 120000);
        QVERIFY2(restart.exitCode() == 0, restart.readAll().constData());
        QTRY_VERIFY2_WITH_TIMEOUT(!panel->errorLabel()->isVisible(),
                                  qPrintable(panelState(*panel)), 120000);
        QCOMPARE(panel->card(QStringLiteral("blue"))->badgeText(), u"● LIVE"_qs);
        QCOMPARE(panel->card(QStringLiteral("blue"))->replicasText(), u"2/2 ready"_qs);
    }

    void missingNamespaceShowsInline()
    {
        EnvironmentSpec e = env();
        e.kubeNamespace = m_ns + QStringLiteral("-missing");
        auto panel = openPanel(e);
        QTRY_VERIFY_WITH_TIMEOUT(panel->errorLabel()->isVisible(), 30000);
        QVERIFY2(panel->errorLabel()->text().contains(
                     QStringLiteral("namespace %1 does not exist").arg(e.kubeNamespace)),
                 qPrintable(panel->errorLabel()->text()));
        QVERIFY(!panel->toggleButton()->isEnabled());
    }

    void missingContextShowsInline()
    {
        EnvironmentSpec e = env();
        e.context = QStringLiteral("no-such-context");
        auto panel = openPanel(e);
        QTRY_VERIFY_WITH_TIMEOUT(panel->errorLabel()->isVisible(), 30000);
        QVERIFY2(panel->errorLabel()->text().contains(u"no-such-context"),
                 qPrintable(panel->errorLabel()->text()));
        QVERIFY(!panel->toggleButton()->isEnabled());
    }

    // The watcher behind the panel: a burst of change notices makes one read, and a burst
    // while that read runs (or just after) makes exactly one more, never one per notice.
    void watcherCoalescesBursts()
    {
        const EnvironmentSpec e = env();
        setUp(e, false);
        if (QTest::currentTestFailed())
            return;
        BlueGreenWatcher watcher(e, *m_connection);
        QSignalSpy changed(&watcher, &BlueGreenWatcher::statusChanged);
        watcher.start();
        QVERIFY(changed.wait(30000));
        // The initial lists of the three watches may ask for more reads: let them settle.
        QTRY_VERIFY_WITH_TIMEOUT(watcher.hasStatus() && watcher.status().active == u"blue", 30000);
        const int before = watcher.readCount();
        int settled = -1;
        while (settled != watcher.readCount()) {
            settled = watcher.readCount();
            changed.wait(1500);
        }
        const int base = watcher.readCount();
        QVERIFY(base >= before);
        changed.clear();
        for (int i = 0; i < 50; ++i)
            watcher.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.readCount(), base + 1, 10000);
        for (int i = 0; i < 50; ++i)
            watcher.refresh();
        QCOMPARE(watcher.readCount(), base + 1);
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 30000);
        QCOMPARE(watcher.readCount(), base + 2);
        QVERIFY(watcher.errorString().isEmpty());
    }

    // The area: a page saying what to write without environments, one panel per environment,
    // and the same panels kept when the pipeline reloads unchanged.
    void areaShowsEmptyStateOrPanels()
    {
        EnvironmentsArea area(&m_store);
        area.setKubeconfigPaths({m_kubeconfig});
        area.resize(1000, 700);
        area.show();
        QVERIFY(area.isShowingEmptyState());
        area.setEnvironments({}, QDir::tempPath(), true);
        QVERIFY(area.isShowingEmptyState());
        QVERIFY(area.emptyStateLabel()->text().contains(u"environments:"));
        QVERIFY(area.emptyStateLabel()->text().contains(u"bluegreen: production"));

        EnvironmentSpec staging = env();
        staging.name = QStringLiteral("staging");
        area.setEnvironments({env(), staging}, QDir::tempPath());
        QVERIFY(!area.isShowingEmptyState());
        QCOMPARE(area.panelCount(), 2);
        EnvironmentPanel *first = area.panel(0);
        QCOMPARE(first->environment().name, u"production"_qs);
        area.setEnvironments({env(), staging}, QDir::tempPath());
        QCOMPARE(area.panel(0), first);
        QTRY_VERIFY_WITH_TIMEOUT(first->hasStatus(), 30000);
        QCOMPARE(first->card(QStringLiteral("blue"))->badgeText(), u"no traffic yet"_qs);
    }
};

QTEST_MAIN(TestEnvironmentPanel)
#include "tst_environmentpanel.moc"
