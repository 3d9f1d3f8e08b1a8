#include "bluegreenoperations.h"

#include "bluegreenmanifests.h"
#include "bluegreenschema.h"
#include "smokecheck.h"

#include <QDateTime>

#include <algorithm>

namespace pw::core {

namespace {

using Outcome = BlueGreenOperations::Outcome;
using Schema = BlueGreenSchema;

QString shortCommit(const QString &c)
{
    return c.isEmpty() ? QStringLiteral("?") : c.left(8);
}

QString clockTime(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace

BlueGreenOperations::BlueGreenOperations(const KubeConnection &connection,
                                         const KubeBackgroundTask::Handle &handle,
                                         const EnvironmentSpec &env, QString actor, Say say)
    : m_cluster(connection, handle, env)
    , m_handle(handle)
    , m_env(env)
    , m_actor(std::move(actor))
    , m_say(say ? std::move(say) : Say([](const QString &) {}))
{ }

Outcome BlueGreenOperations::refused(Outcome o)
{
    o.ok = false;
    o.outcome = QStringLiteral("refused");
    return o;
}

Outcome BlueGreenOperations::failed(Outcome o)
{
    o.ok = false;
    o.outcome = QStringLiteral("failed");
    return o;
}

Outcome BlueGreenOperations::status()
{
    Outcome o;
    o.ok = m_cluster.readStatus(&o.status, &o.message);
    if (o.ok)
        o.message = o.status.active.isEmpty()
            ? QStringLiteral("%1: no traffic yet").arg(m_env.name)
            : QStringLiteral("%1: traffic on %2").arg(m_env.name, o.status.active);
    return o;
}

Outcome BlueGreenOperations::deployToIdle(const QString &image, const QString &commit,
                                          const QString &baseDir, qint64 timeoutMs)
{
    Outcome o;
    o.action = QStringLiteral("deploy");
    o.image = image;
    o.commit = commit;
    if (!m_cluster.readStatus(&o.status, &o.message))
        return refused(o);
    const QString colour = o.status.idle();
    o.fromColour = o.status.active;
    o.toColour = colour;
    // The idle colour is the way back while a switch is verified: keep it.
    if (o.status.phase == BlueGreenStatus::Phase::Verifying) {
        o.message = QStringLiteral("deploy refused: the switch to %1 is being verified until "
                                   "%2 and %3 is the way back; wait, or abort")
                        .arg(o.status.active, clockTime(o.status.verifyUntil), colour);
        return refused(o);
    }
    QJsonObject shape;
    if (!BlueGreenManifests::deploymentShape(m_env, image, baseDir, &shape, &o.message))
        return failed(o);
    const QJsonObject deployment
        = BlueGreenManifests::deployment(m_env, colour, shape, commit, now());
    const QString name = Schema::deploymentName(m_env, colour);
    const KubeResult applied = m_cluster.apply(deployment);
    if (!applied.ok) {
        o.message = QStringLiteral("deployment.apps/%1: %2").arg(name, applied.message);
        return failed(o);
    }
    m_say(QStringLiteral("deployment.apps/%1 applied with image %2; waiting for its rollout")
              .arg(name, image));
    // A new version on the idle colour: it is no longer the previous one that was scheduled
    // to scale down, nor a rollback target.
    if (o.status.scaleDownAt.isValid()) {
        QString error;
        m_cluster.patchServiceAnnotations(o.status.serviceResourceVersion,
                                          Schema::clearScaleDownAnnotation(), &error);
    }
    if (!m_cluster.waitForRollout(colour, timeoutMs, m_say, &o.message))
        return failed(o);
    if (!m_env.previewService.isEmpty()) {
        const KubeResult preview
            = m_cluster.apply(BlueGreenManifests::service(m_env, m_env.previewService, colour));
        if (!preview.ok) {
            o.message = QStringLiteral("service/%1: %2").arg(m_env.previewService, preview.message);
            return failed(o);
        }
        m_say(
            QStringLiteral("service/%1 (preview) points at %2").arg(m_env.previewService, colour));
    }
    QString error;
    if (!m_cluster.readStatus(&o.status, &error)) {
        o.message = error;
        return failed(o);
    }
    o.ok = true;
    o.outcome = QStringLiteral("ok");
    o.message = QStringLiteral("%1 is ready with %2 (idle; traffic stays on %3)")
                    .arg(colour, image,
                         o.status.active.isEmpty() ? QStringLiteral("nothing") : o.status.active);
    return o;
}

Outcome BlueGreenOperations::promote(const QString &basisRv)
{
    Outcome o;
    o.action = QStringLiteral("promote");
    if (!m_cluster.readStatus(&o.status, &o.message))
        return refused(o);
    const QString from = o.status.active;
    const QString to = o.status.idle();
    const BlueGreenStatus::Colour target = o.status.colour(to);
    o.fromColour = from;
    o.toColour = to;
    o.commit = target.commit;
    o.image = target.image;
    const QString stays = from.isEmpty() ? QStringLiteral("no traffic was switched")
                                         : QStringLiteral("traffic stays on ") + from;
    if (o.status.phase == BlueGreenStatus::Phase::Verifying) {
        o.message = QStringLiteral("promote refused: the switch to %1 is still being "
                                   "verified; %2")
                        .arg(from, stays);
        return refused(o);
    }
    if (!checkCanTakeTraffic(QStringLiteral("promote"), to, target, stays, &o.message))
        return refused(o);
    // Promote means "the version deployed since the last switch": the colour traffic left is
    // not that (a second trigger or double click would flip traffic back).
    const QDateTime switchedAt = Schema::parseTimestamp(o.status.switchedAt);
    if (!from.isEmpty() && switchedAt.isValid()
        && (!target.deployedAt.isValid() || target.deployedAt <= switchedAt)) {
        o.message = QStringLiteral("promote refused: nothing new on %1 — it holds commit %2, "
                                   "which traffic left at the switch of %3 (to go back, "
                                   "roll back; to promote it again, deploy it again); %4")
                        .arg(to, shortCommit(target.commit), clockTime(switchedAt), stays);
        return refused(o);
    }
    // A Service changed since the caller looked is refused before anything runs.
    if (!basisRv.isEmpty() && o.status.serviceExists
        && basisRv != o.status.serviceResourceVersion) {
        o.message = QStringLiteral("promote refused: service/%1 changed since it was read "
                                   "(another switch won the race); %2")
                        .arg(m_env.service, stays);
        return refused(o);
    }
    SmokeCheck smoke(m_env, m_cluster.client().connection(), m_handle.cancelFlag());
    if (m_env.smoke != u"none") {
        QString error;
        if (!smoke.run(target.image, m_say, &error)) {
            o.message = QStringLiteral("promote refused: %1; %2").arg(error, stays);
            return failed(o);
        }
    }
    const bool verifying = m_env.verifyWindowMs > 0;
    Schema::Switch sw;
    sw.to = to;
    sw.from = from;
    sw.fromCommit = from.isEmpty() ? QString() : o.status.colour(from).commit;
    sw.commit = target.commit;
    sw.actor = m_actor;
    sw.at = now();
    if (verifying) {
        sw.verifyUntil = sw.at.addMSecs(m_env.verifyWindowMs);
        sw.verifier = SmokeCheck::ownerId();
    } else if (!from.isEmpty()) {
        sw.scaleDownAt = sw.at.addMSecs(m_env.scaleDownDelayMs);
    }
    if (!switchTo(to, Schema::switchAnnotations(sw), basisRv, QStringLiteral("promote"), &o))
        return o;
    if (verifying)
        o.smokeContainer = smoke.release(); // verify() keeps probing it
    o.message = verifying
        ? QStringLiteral("service/%1 now sends traffic to %2 (%3); verifying "
                         "until %4")
              .arg(m_env.service, to, target.image, clockTime(o.status.verifyUntil))
        : QStringLiteral("service/%1 now sends traffic to %2 (%3)")
              .arg(m_env.service, to, target.image);
    return o;
}

Outcome BlueGreenOperations::verify(const QString &container)
{
    Outcome o;
    SmokeCheck smoke(m_env, m_cluster.client().connection(), m_handle.cancelFlag());
    if (!container.isEmpty())
        smoke.adopt(container);
    if (!m_cluster.readStatus(&o.status, &o.message))
        return o;
    if (o.status.phase != BlueGreenStatus::Phase::Verifying) {
        o.ok = true;
        o.message = QStringLiteral("%1: nothing to verify").arg(m_env.name);
        return o;
    }
    const QString live = o.status.active;
    const QString back = o.status.previous;
    const QDateTime until = o.status.verifyUntil;
    m_say(QStringLiteral("verifying %1 until %2: every %3 s its replicas must stay ready%4")
              .arg(live, clockTime(until))
              .arg(m_env.verifyIntervalMs / 1000.0)
              .arg(container.isEmpty()
                       ? QString()
                       : QStringLiteral(" and %1 answer 2xx").arg(m_env.healthPath)));
    QString failure;
    int checks = 0;
    for (;;) {
        if (m_handle.cancelled()) {
            o.message = QStringLiteral("verification cancelled; traffic stays on %1").arg(live);
            return o;
        }
        BlueGreenStatus current;
        QString error;
        if (!m_cluster.readStatus(&current, &error)) {
            o.message = QStringLiteral("verification stopped: %1").arg(error);
            return o;
        }
        if (current.active != live || current.phase != BlueGreenStatus::Phase::Verifying) {
            o.status = current;
            o.message = QStringLiteral("verification stopped: service/%1 was switched to %2 "
                                       "by %3 meanwhile")
                            .arg(m_env.service, current.active, current.switchedBy);
            return o;
        }
        o.status = current;
        const BlueGreenStatus::Colour &c = current.colour(live);
        QString detail;
        if (!c.canTakeTraffic()) {
            failure = QStringLiteral("%1 has %2 of %3 replicas ready (%4)")
                          .arg(live)
                          .arg(c.ready)
                          .arg(c.desired)
                          .arg(c.rolloutMessage);
        } else if (!smoke.containerId().isEmpty() && !smoke.probe(&detail)
                   && (!m_handle.sleep(500) || !smoke.probe(&detail))) {
            // One retry half a second later: a single dropped request is not a verdict.
            failure
                = QStringLiteral("%1 failed its health check: %2").arg(m_env.healthPath, detail);
        }
        if (!failure.isEmpty())
            break;
        ++checks;
        const qint64 left = now().msecsTo(until);
        if (left <= 0)
            break;
        if (!m_handle.sleep(int(std::min<qint64>(left, m_env.verifyIntervalMs))))
            continue; // cancelled: reported at the top
    }
    smoke.remove();
    if (failure.isEmpty()) {
        const QDateTime scaleDownAt = now().addMSecs(m_env.scaleDownDelayMs);
        QString error;
        if (!m_cluster.patchServiceAnnotations(o.status.serviceResourceVersion,
                                               Schema::verifiedAnnotations(
                                                   back.isEmpty() ? QDateTime() : scaleDownAt),
                                               &error)) {
            o.message = QStringLiteral("verification passed, but marking it failed: %1").arg(error);
            return o;
        }
        m_cluster.readStatus(&o.status, &error);
        o.ok = true;
        o.message = QStringLiteral("%1 verified (%2 checks); %3")
                        .arg(live)
                        .arg(checks)
                        .arg(back.isEmpty() ? QStringLiteral("no previous colour to scale down")
                                            : QStringLiteral("%1 stays warm until %2")
                                                  .arg(back, clockTime(scaleDownAt)));
        return o;
    }
    m_say(QStringLiteral("post-promotion check failed: %1").arg(failure));
    return switchBack(o.status, QStringLiteral("auto-rollback"),
                      m_actor + QStringLiteral(" (automatic)"), failure);
}

Outcome BlueGreenOperations::switchBack(const BlueGreenStatus &st, const QString &action,
                                        const QString &actor, const QString &why)
{
    Outcome o;
    o.status = st;
    o.action = action;
    const QString live = st.active;
    const QString back = st.previous;
    o.fromColour = live;
    o.toColour = back;
    if (back.isEmpty()) {
        o.message = QStringLiteral("%1; there is no previous colour to switch back to, "
                                   "traffic stays on %2")
                        .arg(why, live);
        return failed(o);
    }
    const BlueGreenStatus::Colour &target = st.colour(back);
    o.commit = target.commit;
    o.image = target.image;
    if (!checkCanTakeTraffic(action, back, target, QStringLiteral("traffic stays on ") + live,
                             &o.message)) {
        o.message = why + QStringLiteral("; ") + o.message;
        return failed(o);
    }
    Schema::Switch sw;
    sw.to = back;
    sw.from = live;
    sw.fromCommit = st.colour(live).commit;
    sw.commit = target.commit;
    sw.actor = actor;
    sw.at = now();
    sw.scaleDownAt = sw.at.addMSecs(m_env.scaleDownDelayMs);
    if (!switchTo(back, Schema::switchAnnotations(sw), st.serviceResourceVersion, action, &o))
        return o;
    o.ok = action != u"auto-rollback"; // an automatic switch back fails the promotion
    o.outcome = QStringLiteral("ok");
    o.message = QStringLiteral("%1; switched traffic back to %2 (%3)").arg(why, back, target.image);
    return o;
}

Outcome BlueGreenOperations::rollback(const QString &basisRv, qint64 timeoutMs)
{
    Outcome o;
    o.action = QStringLiteral("rollback");
    if (!m_cluster.readStatus(&o.status, &o.message))
        return refused(o);
    if (o.status.active.isEmpty()) {
        o.message = QStringLiteral("rollback refused: service/%1 takes no traffic yet")
                        .arg(m_env.service);
        return refused(o);
    }
    const QString from = o.status.active;
    const QString to = BlueGreenStatus::other(from);
    const QString previousCommit = o.status.previousCommit;
    BlueGreenStatus::Colour target = o.status.colour(to);
    o.fromColour = from;
    o.toColour = to;
    o.commit = target.commit;
    o.image = target.image;
    const QString stays = QStringLiteral("traffic stays on ") + from;
    if (!basisRv.isEmpty() && basisRv != o.status.serviceResourceVersion) {
        o.message = QStringLiteral("rollback refused: service/%1 changed since it was read "
                                   "(another switch won the race); %2")
                        .arg(m_env.service, stays);
        return refused(o);
    }
    if (!target.exists) {
        o.message = QStringLiteral("rollback refused: deployment.apps/%1 does not exist; %2")
                        .arg(Schema::deploymentName(m_env, to), stays);
        return refused(o);
    }
    // Rolling "back" onto a version deployed after the switch would send traffic to
    // something never verified: that is a promote.
    if (!previousCommit.isEmpty() && target.commit != Schema::labelValue(previousCommit)
        && target.commit != previousCommit) {
        o.message = QStringLiteral("rollback refused: %1 now holds commit %2, deployed after "
                                   "the switch (it held %3); promote it instead; %4")
                        .arg(to, shortCommit(target.commit), shortCommit(previousCommit), stays);
        return refused(o);
    }
    if (target.desired == 0) {
        // Past its scale-down: no longer instant, but still the known-good version.
        m_say(QStringLiteral("%1 was scaled down; scaling it to %2 replicas first")
                  .arg(to)
                  .arg(m_env.replicas));
        QString error;
        if (!m_cluster.scale(to, m_env.replicas, &error)
            || !m_cluster.waitForRollout(to, timeoutMs, m_say, &error)) {
            o.message = QStringLiteral("rollback failed: %1; %2").arg(error, stays);
            return failed(o);
        }
        m_cluster.readStatus(&o.status, &error);
        target = o.status.colour(to);
    }
    if (!checkCanTakeTraffic(QStringLiteral("rollback"), to, target, stays, &o.message))
        return refused(o);
    Schema::Switch sw;
    sw.to = to;
    sw.from = from;
    sw.fromCommit = o.status.colour(from).commit;
    sw.commit = target.commit;
    sw.actor = m_actor;
    sw.at = now();
    sw.scaleDownAt = sw.at.addMSecs(m_env.scaleDownDelayMs);
    if (!switchTo(to, Schema::switchAnnotations(sw), basisRv, QStringLiteral("rollback"), &o))
        return o;
    o.message = QStringLiteral("service/%1 now sends traffic to %2 (%3)")
                    .arg(m_env.service, to, target.image);
    return o;
}

Outcome BlueGreenOperations::abort()
{
    Outcome o;
    o.action = QStringLiteral("abort");
    if (!m_cluster.readStatus(&o.status, &o.message))
        return refused(o);
    QStringList done;
    if (o.status.phase == BlueGreenStatus::Phase::Verifying) {
        Outcome back
            = switchBack(o.status, QStringLiteral("abort"), m_actor, QStringLiteral("aborted"));
        if (back.outcome != u"ok")
            return back;
        o = back;
        done << QStringLiteral("switched traffic back to %1").arg(o.status.active);
    }
    const QString idle = o.status.idle();
    const BlueGreenStatus::Colour &c = o.status.colour(idle);
    o.fromColour = o.status.active;
    o.toColour = idle;
    o.commit = c.commit;
    o.image = c.image;
    if (c.exists && c.desired > 0) {
        QString error;
        if (!m_cluster.scale(idle, 0, &error)) {
            o.message = QStringLiteral("abort: scaling %1 down failed: %2").arg(idle, error);
            return failed(o);
        }
        done << QStringLiteral("scaled %1 to zero").arg(idle);
    }
    if (o.status.scaleDownAt.isValid()) {
        QString error;
        m_cluster.patchServiceAnnotations({}, Schema::clearScaleDownAnnotation(), &error);
    }
    QString error;
    m_cluster.readStatus(&o.status, &error);
    o.ok = true;
    o.outcome = QStringLiteral("ok");
    o.message = QStringLiteral("aborted: %1; traffic on %2")
                    .arg(done.isEmpty() ? QStringLiteral("nothing to undo") : done.join(u", "),
                         o.status.active.isEmpty() ? QStringLiteral("nothing") : o.status.active);
    return o;
}

Outcome BlueGreenOperations::scaleDownIfDue()
{
    Outcome o;
    if (!m_cluster.readStatus(&o.status, &o.message))
        return o;
    o.ok = true;
    const QDateTime at = o.status.scaleDownAt;
    if (o.status.active.isEmpty() || !at.isValid()
        || o.status.phase != BlueGreenStatus::Phase::Stable) {
        o.message = QStringLiteral("%1: no scale-down scheduled").arg(m_env.name);
        return o;
    }
    const QString old = BlueGreenStatus::other(o.status.active);
    if (at > now()) {
        o.message = QStringLiteral("%1: %2 scales down at %3").arg(m_env.name, old, clockTime(at));
        return o;
    }
    const BlueGreenStatus::Colour &c = o.status.colour(old);
    // Clear the schedule first, guarded: of two processes due at once only one wins and
    // scales; traffic has moved if the PATCH meets a conflict.
    QString error;
    if (!m_cluster.patchServiceAnnotations(o.status.serviceResourceVersion,
                                           Schema::clearScaleDownAnnotation(), &error)) {
        o.ok = false;
        o.message = QStringLiteral("scale-down of %1 skipped: %2").arg(old, error);
        return o;
    }
    if (c.exists && c.desired > 0) {
        o.action = QStringLiteral("scale-down");
        if (!m_cluster.scale(old, 0, &error)) {
            o.message = QStringLiteral("scale-down of %1 failed: %2").arg(old, error);
            return failed(o);
        }
        o.outcome = QStringLiteral("ok");
        o.fromColour = o.status.active;
        o.toColour = old;
        o.commit = c.commit;
        o.image = c.image;
    }
    m_cluster.readStatus(&o.status, &error);
    o.message = QStringLiteral("%1 scaled to zero; a rollback now needs a rollout").arg(old);
    return o;
}

Outcome BlueGreenOperations::recover()
{
    Outcome o;
    QString error;
    const int removed = SmokeCheck::removeOrphans(m_env, false, &error);
    if (removed > 0)
        m_say(QStringLiteral("removed %1 smoke container(s) left by a process that ended")
                  .arg(removed));
    if (!m_cluster.readStatus(&o.status, &o.message))
        return o;
    if (o.status.phase != BlueGreenStatus::Phase::Verifying) {
        Outcome s = scaleDownIfDue();
        s.message
            = QStringLiteral("%1 is consistent: traffic on %2; %3")
                  .arg(m_env.name,
                       o.status.active.isEmpty() ? QStringLiteral("nothing") : o.status.active,
                       s.message);
        return s;
    }
    const QString verifier = o.status.verifier;
    if (!verifier.isEmpty() && SmokeCheck::ownerAlive(verifier)) {
        o.ok = true;
        o.message = QStringLiteral("%1: the switch to %2 is being verified by %3; left alone")
                        .arg(m_env.name, o.status.active, verifier);
        return o;
    }
    m_say(QStringLiteral("the process verifying the switch to %1 ended; checking it now")
              .arg(o.status.active));
    if (!o.status.colour(o.status.active).canTakeTraffic()) {
        Outcome back
            = switchBack(o.status, QStringLiteral("auto-rollback"),
                         m_actor + QStringLiteral(" (recovery)"),
                         QStringLiteral("%1 is not ready after a restart").arg(o.status.active));
        back.ok = back.outcome == u"ok";
        return back;
    }
    // Take the window over: our own verifier mark, then the rest of the window.
    if (!m_cluster.patchServiceAnnotations(o.status.serviceResourceVersion,
                                           Schema::verifierAnnotation(SmokeCheck::ownerId()),
                                           &error)) {
        o.message = QStringLiteral("recovery refused: %1").arg(error);
        return o;
    }
    Outcome v = verify({});
    if (v.action.isEmpty())
        v.ok = v.ok && !v.status.active.isEmpty();
    else
        v.ok = v.outcome == u"ok";
    return v;
}

bool BlueGreenOperations::checkCanTakeTraffic(const QString &verb, const QString &to,
                                              const BlueGreenStatus::Colour &target,
                                              const QString &stays, QString *message) const
{
    if (!target.exists) {
        *message = QStringLiteral("%1 refused: deployment.apps/%2 does not exist; %3")
                       .arg(verb, Schema::deploymentName(m_env, to), stays);
        return false;
    }
    // Traffic never goes to a colour with fewer ready replicas than desired.
    if (!target.canTakeTraffic()) {
        *message = QStringLiteral("%1 refused: %2 is not ready (%3 of %4 replicas ready; "
                                  "%5); %6")
                       .arg(verb, to)
                       .arg(target.ready)
                       .arg(target.desired)
                       .arg(target.rolloutMessage, stays);
        return false;
    }
    return true;
}

bool BlueGreenOperations::switchTo(const QString &to, const QJsonObject &annotations,
                                   const QString &basisRv, const QString &verb, Outcome *o)
{
    const KubeResult r
        = m_cluster.writeSwitch(!o->status.serviceExists, to, annotations,
                                basisRv.isEmpty() ? o->status.serviceResourceVersion : basisRv);
    QString error;
    if (!r.ok) {
        if (r.isConflict())
            o->message = QStringLiteral("%1 refused: service/%2 changed since it was read "
                                        "(another switch won the race): %3")
                             .arg(verb, m_env.service, r.message);
        else
            o->message
                = QStringLiteral("%1 failed: service/%2: %3").arg(verb, m_env.service, r.message);
        *o = r.isConflict() ? refused(*o) : failed(*o);
        // What the winner left, for the caller to show.
        m_cluster.readStatus(&o->status, &error);
        return false;
    }
    if (!m_cluster.readStatus(&o->status, &error)) {
        o->message = error;
        *o = failed(*o);
        return false;
    }
    o->ok = true;
    o->outcome = QStringLiteral("ok");
    return true;
}

} // namespace pw::core
