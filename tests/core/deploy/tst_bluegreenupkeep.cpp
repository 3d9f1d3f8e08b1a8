#include "core/deploy/bluegreenupkeep.h"

#include <QTest>

using namespace pw::core;

// The deadlines of an environment nobody is driving: a window whose verifier is gone is
// recovered, a due scale-down is run — each once per deadline, and only when the caller can act.
class TestBlueGreenUpkeep : public QObject
{
    Q_OBJECT

    using Action = BlueGreenUpkeep::Action;

    const QDateTime m_now = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

    static EnvironmentSpec env()
    {
        EnvironmentSpec e;
        e.verifyIntervalMs = 2000;
        return e;
    }

    // Green live since a switch from blue; blue still has its replicas.
    static BlueGreenStatus switched()
    {
        BlueGreenStatus s;
        s.serviceExists = true;
        s.active = QStringLiteral("green");
        s.previous = QStringLiteral("blue");
        s.phase = BlueGreenStatus::Phase::Stable;
        for (BlueGreenStatus::Colour *c : {&s.blue, &s.green}) {
            c->exists = true;
            c->desired = 2;
            c->ready = 2;
            c->rolledOut = true;
        }
        return s;
    }

private slots:
    void scaleDownOnceWhenDue()
    {
        BlueGreenUpkeep upkeep;
        BlueGreenStatus s = switched();
        s.scaleDownAt = m_now.addSecs(30);
        QCOMPARE(*BlueGreenUpkeep::msUntilScaleDown(s, m_now), 30000);
        QVERIFY(upkeep.due(s, env(), m_now, true) == Action::None);
        const QDateTime later = m_now.addSecs(30);
        QVERIFY(upkeep.due(s, env(), later, false) == Action::None); // busy: not spent
        QVERIFY(upkeep.due(s, env(), later, true) == Action::ScaleDown);
        QVERIFY(upkeep.due(s, env(), later.addSecs(1), true) == Action::None); // asked already
        // A new schedule (a rollback meanwhile) is a new deadline.
        s.scaleDownAt = later.addSecs(10);
        QVERIFY(upkeep.due(s, env(), later.addSecs(10), true) == Action::ScaleDown);
    }

    void nothingToScaleDown()
    {
        BlueGreenUpkeep upkeep;
        BlueGreenStatus s = switched();
        QVERIFY(!BlueGreenUpkeep::msUntilScaleDown(s, m_now)); // not scheduled
        s.scaleDownAt = m_now.addSecs(-5);
        s.blue.desired = 0; // already at zero
        QVERIFY(!BlueGreenUpkeep::msUntilScaleDown(s, m_now));
        QVERIFY(upkeep.due(s, env(), m_now, true) == Action::None);
        BlueGreenStatus first;
        first.active = QStringLiteral("blue"); // the first traffic: no previous colour
        first.scaleDownAt = m_now.addSecs(-5);
        QVERIFY(upkeep.due(first, env(), m_now, true) == Action::None);
    }

    // A living verifier ends its window within one check interval; only past that and the
    // grace is the window taken as abandoned.
    void abandonedWindowIsRecoveredOnce()
    {
        BlueGreenUpkeep upkeep;
        BlueGreenStatus s = switched();
        s.phase = BlueGreenStatus::Phase::Verifying;
        s.verifyUntil = m_now;
        const qint64 limit = env().verifyIntervalMs + BlueGreenUpkeep::AbandonedGraceMs;
        QVERIFY(upkeep.due(s, env(), m_now.addMSecs(limit), true) == Action::None);
        QVERIFY(upkeep.due(s, env(), m_now.addMSecs(limit + 1), false) == Action::None);
        QVERIFY(upkeep.due(s, env(), m_now.addMSecs(limit + 1), true) == Action::Recover);
        QVERIFY(upkeep.due(s, env(), m_now.addMSecs(limit + 2000), true) == Action::None);
        // Verifying: a scale-down is never due, whatever the annotations say.
        s.scaleDownAt = m_now.addSecs(-60);
        QVERIFY(!BlueGreenUpkeep::msUntilScaleDown(s, m_now));
    }
};

QTEST_GUILESS_MAIN(TestBlueGreenUpkeep)
#include "tst_bluegreenupkeep.moc"
