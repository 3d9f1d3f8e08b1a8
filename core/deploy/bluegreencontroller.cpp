#include "bluegreencontroller.h"

#include "core/kube/kubeclient.h"
#include "core/kube/kubemanifestloader.h"
#include "core/kube/rolloutstatus.h"
#include "core/store/runstore.h"
#include "smokecheck.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <thread>

namespace pw::core {

namespace {

using Outcome = BlueGreenController::Outcome;

const QString AppsV1 = QStringLiteral("apps/v1");
const QString CoreV1 = QStringLiteral("v1");
const QString DeploymentKind = QStringLiteral("Deployment");
const QString ServiceKind = QStringLiteral("Service");
const QString ActiveColourKey = QStringLiteral("pipewright.dev/active-colour");
const QString SwitchedAtKey = QStringLiteral("pipewright.dev/switched-at");
const QString SwitchedByKey = QStringLiteral("pipewright.dev/switched-by");
const QString CommitKey = QStringLiteral("pipewright.dev/commit");
const QString PreviousColourKey = QStringLiteral("pipewright.dev/previous-colour");
const QString PreviousCommitKey = QStringLiteral("pipewright.dev/previous-commit");
const QString PhaseKey = QStringLiteral("pipewright.dev/phase");
const QString VerifyUntilKey = QStringLiteral("pipewright.dev/verify-until");
const QString VerifierKey = QStringLiteral("pipewright.dev/verifier");
const QString ScaleDownAtKey = QStringLiteral("pipewright.dev/scale-down-at");
const QString DeployedAtKey = QStringLiteral("pipewright.dev/deployed-at");

QString isoNow() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }
QString iso(const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); }
QDateTime parseIso(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

QString shortCommit(const QString &c) { return c.isEmpty() ? QStringLiteral("?") : c.left(8); }

QString deploymentName(const EnvironmentSpec &env, const QString &colour)
{
    return env.app + u'-' + colour;
}

QJsonObject colourLabels(const EnvironmentSpec &env, const QString &colour)
{
    return {{QStringLiteral("app"), env.app}, {QStringLiteral("colour"), colour}};
}

bool isColour(const QString &c)
{
    return c == QLatin1String("blue") || c == QLatin1String("green");
}

// A label value holds at most 63 characters of [A-Za-z0-9_.-] (a full git SHA fits).
QString labelValue(const QString &text)
{
    QString v;
    for (QChar c : text) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            v += c;
        else if (c == u'-' || c == u'_' || c == u'.')
            v += c;
    }
    v.truncate(63);
    while (!v.isEmpty() && !v.back().isLetterOrNumber())
        v.chop(1);
    while (!v.isEmpty() && !v.front().isLetterOrNumber())
        v.remove(0, 1);
    return v;
}

// A 404 about this very object (its Status names it), not one from discovery while the
// apiserver is still loading its API groups.
bool isMissing(const KubeResult &r, const QString &name)
{
    return r.status == 404 && r.object[u"details"][u"name"].toString() == name;
}

// Worth repeating: no answer, an overloaded or restarting apiserver, or a 404 that is not
// about the object (discovery not ready yet).
bool isTransient(const KubeResult &r, const QString &name)
{
    if (r.ok)
        return false;
    // A missing namespace is an answer, not discovery still loading.
    const bool namespaceMissing = r.object[u"details"][u"kind"].toString() == u"namespaces";
    return r.status == 0 || r.status == 429 || r.status >= 500
           || (r.status == 404 && !isMissing(r, name) && !namespaceMissing);
}

QJsonObject labelsOf(const QJsonObject &o)
{
    return o[u"metadata"].toObject()[u"labels"].toObject();
}

// Everything the operations do, on the worker thread.
class Worker
{
public:
    Worker(const KubeConnection &connection, const KubeBackgroundTask::Handle &handle,
           const EnvironmentSpec &env)
        : m_client(connection, handle.cancelFlag()), m_handle(handle), m_env(env)
    {
    }

    // Reads and server-side applies are safe to repeat: an apiserver that restarts (or is
    // still starting) gets up to RetryMs before the operation fails with its last answer.
    KubeResult retrying(const QString &name, const std::function<KubeResult()> &call)
    {
        QElapsedTimer clock;
        clock.start();
        int delay = 200;
        for (;;) {
            const KubeResult r = call();
            if (!isTransient(r, name) || clock.elapsed() > RetryMs || m_handle.cancelled())
                return r;
            if (!m_handle.sleep(delay))
                return r;
            delay = std::min(delay * 2, 2000);
        }
    }

    KubeResult get(const QString &apiVersion, const QString &kind, const QString &name)
    {
        return retrying(name, [&] {
            return m_client.get(apiVersion, kind, name, m_env.kubeNamespace);
        });
    }

    KubeResult apply(const QJsonObject &object)
    {
        const QString name = object[u"metadata"][u"name"].toString();
        return retrying(name, [&] { return m_client.apply(object); });
    }

    // Reads the Service and both Deployments. False (with *error) when the API fails or
    // someone edited them by hand: then nothing may be written.
    bool readStatus(BlueGreenStatus *s, QString *error)
    {
        *s = BlueGreenStatus();
        m_previousCommit.clear();
        m_verifier.clear();
        s->environment = m_env.name;
        const KubeResult svc = get(CoreV1, ServiceKind, m_env.service);
        if (svc.ok) {
            s->serviceExists = true;
            const QJsonObject meta = svc.object[u"metadata"].toObject();
            s->serviceResourceVersion = meta[u"resourceVersion"].toString();
            const QJsonObject ann = meta[u"annotations"].toObject();
            const QJsonObject selector = svc.object[u"spec"].toObject()[u"selector"].toObject();
            const QString colour = selector[u"colour"].toString();
            // Both keys and nothing else: an extra key would make the selector pick pods
            // we do not manage, a missing one would mix both colours.
            if (selector.size() != 2 || selector[u"app"].toString() != m_env.app
                || !isColour(colour)) {
                *error = QStringLiteral("service/%1 was changed by hand: its selector is %2, "
                                        "not {app: %3, colour: blue|green}; not touching it")
                             .arg(m_env.service,
                                  QString::fromUtf8(QJsonDocument(selector).toJson(
                                      QJsonDocument::Compact)),
                                  m_env.app);
                return false;
            }
            // The selector and the annotation change in one PATCH, so a difference means
            // the selector was edited by hand.
            const QString recorded = ann[ActiveColourKey].toString();
            if (recorded != colour) {
                *error = QStringLiteral("service/%1 was changed by hand: it selects %2 but "
                                        "Pipewright last switched it to %3; not touching it")
                             .arg(m_env.service, colour,
                                  recorded.isEmpty() ? QStringLiteral("(nothing)") : recorded);
                return false;
            }
            s->active = colour;
            s->switchedAt = ann[SwitchedAtKey].toString();
            s->switchedBy = ann[SwitchedByKey].toString();
            s->commit = ann[CommitKey].toString();
            s->previous = ann[PreviousColourKey].toString();
            const QString phase = ann[PhaseKey].toString();
            s->phase = phase == u"verifying" ? BlueGreenStatus::Phase::Verifying
                                              : BlueGreenStatus::Phase::Stable;
            s->verifyUntil = parseIso(ann[VerifyUntilKey].toString());
            s->scaleDownAt = parseIso(ann[ScaleDownAtKey].toString());
            m_previousCommit = ann[PreviousCommitKey].toString();
            m_verifier = ann[VerifierKey].toString();
        } else if (!isMissing(svc, m_env.service)) {
            *error = svc.message;
            return false;
        }
        for (const QString &colour : {QStringLiteral("blue"), QStringLiteral("green")}) {
            if (!readColour(colour, &s->colour(colour), error))
                return false;
        }
        return true;
    }

    Outcome status()
    {
        Outcome o;
        o.ok = readStatus(&o.status, &o.message);
        if (o.ok)
            o.message = o.status.active.isEmpty()
                            ? QStringLiteral("%1: no traffic yet").arg(m_env.name)
                            : QStringLiteral("%1: traffic on %2").arg(m_env.name,
                                                                      o.status.active);
        return o;
    }

    Outcome deployToIdle(const QString &image, const QString &commit, const QString &baseDir,
                         qint64 timeoutMs, const std::function<void(QString)> &say)
    {
        Outcome o;
        o.action = QStringLiteral("deploy");
        o.image = image;
        o.commit = commit;
        if (!readStatus(&o.status, &o.message))
            return refused(o);
        const QString colour = o.status.idle();
        o.fromColour = o.status.active;
        o.toColour = colour;
        // The idle colour is the way back while a switch is verified: keep it.
        if (o.status.phase == BlueGreenStatus::Phase::Verifying) {
            o.message = QStringLiteral("deploy refused: the switch to %1 is being verified until "
                                       "%2 and %3 is the way back; wait, or abort")
                            .arg(o.status.active, o.status.verifyUntil.toLocalTime().toString(
                                                      QStringLiteral("HH:mm:ss")),
                                 colour);
            return refused(o);
        }
        QJsonObject deployment;
        if (!buildDeployment(colour, image, commit, baseDir, &deployment, &o.message))
            return failed(o);
        const QString name = deploymentName(m_env, colour);
        // No force: fields someone else manages are a conflict to report, not to take over —
        // except the replica count, which our own scale-down (a merge patch) last set.
        KubeResult applied = apply(deployment);
        if (applied.isConflict() && onlyReplicasConflict(applied))
            applied = retrying(name, [&] { return m_client.apply(deployment, true); });
        if (!applied.ok) {
            o.message = QStringLiteral("deployment.apps/%1: %2").arg(name, applied.message);
            return failed(o);
        }
        say(QStringLiteral("deployment.apps/%1 applied with image %2; waiting for its rollout")
                .arg(name, image));
        // A new version on the idle colour: it is no longer the previous one that was
        // scheduled to scale down, nor a rollback target.
        if (o.status.scaleDownAt.isValid()) {
            QString error;
            patchServiceAnnotations(o.status.serviceResourceVersion,
                                    {{ScaleDownAtKey, QJsonValue::Null}}, &error);
        }
        if (!waitForRollout(name, timeoutMs, say, &o.message))
            return failed(o);
        if (!m_env.previewService.isEmpty()) {
            const KubeResult preview = apply(service(m_env.previewService, colour));
            if (!preview.ok) {
                o.message = QStringLiteral("service/%1: %2").arg(m_env.previewService,
                                                                preview.message);
                return failed(o);
            }
            say(QStringLiteral("service/%1 (preview) points at %2")
                    .arg(m_env.previewService, colour));
        }
        QString error;
        if (!readStatus(&o.status, &error)) {
            o.message = error;
            return failed(o);
        }
        o.ok = true;
        o.outcome = QStringLiteral("ok");
        o.message = QStringLiteral("%1 is ready with %2 (idle; traffic stays on %3)")
                        .arg(colour, image,
                             o.status.active.isEmpty() ? QStringLiteral("nothing")
                                                       : o.status.active);
        return o;
    }

    // The pre-promotion checks, then the switch to the idle colour.
    Outcome promote(const QString &basisRv, const QString &actor,
                    const std::function<void(QString)> &say)
    {
        Outcome o;
        o.action = QStringLiteral("promote");
        if (!readStatus(&o.status, &o.message))
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
        // Promote means "the version deployed since the last switch": the colour traffic
        // left is not that (a second trigger or double click would flip traffic back).
        const QDateTime switchedAt = parseIso(o.status.switchedAt);
        if (!from.isEmpty() && switchedAt.isValid()
            && (!target.deployedAt.isValid() || target.deployedAt <= switchedAt)) {
            o.message = QStringLiteral("promote refused: nothing new on %1 — it holds commit %2, "
                                       "which traffic left at the switch of %3 (to go back, "
                                       "roll back; to promote it again, deploy it again); %4")
                            .arg(to, shortCommit(target.commit),
                                 switchedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                                 stays);
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
        SmokeCheck smoke(m_env, m_client.connection(), m_handle.cancelFlag());
        if (m_env.smoke != u"none") {
            QString error;
            if (!smoke.run(target.image, say, &error)) {
                o.message = QStringLiteral("promote refused: %1; %2").arg(error, stays);
                return failed(o);
            }
        }
        const bool verifying = m_env.verifyWindowMs > 0;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject ann{{ActiveColourKey, to},
                        {SwitchedAtKey, iso(now)},
                        {SwitchedByKey, actor},
                        {CommitKey, target.commit},
                        {PreviousColourKey, from.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                           : QJsonValue(from)},
                        {PreviousCommitKey,
                         from.isEmpty() ? QJsonValue(QJsonValue::Null)
                                        : QJsonValue(o.status.colour(from).commit)},
                        {PhaseKey, verifying ? QStringLiteral("verifying")
                                             : QStringLiteral("stable")}};
        if (verifying) {
            ann.insert(VerifyUntilKey, iso(now.addMSecs(m_env.verifyWindowMs)));
            ann.insert(VerifierKey, SmokeCheck::ownerId());
            ann.insert(ScaleDownAtKey, QJsonValue::Null);
        } else {
            ann.insert(VerifyUntilKey, QJsonValue::Null);
            ann.insert(VerifierKey, QJsonValue::Null);
            ann.insert(ScaleDownAtKey, from.isEmpty()
                                           ? QJsonValue(QJsonValue::Null)
                                           : QJsonValue(iso(now.addMSecs(m_env.scaleDownDelayMs))));
        }
        if (!switchTo(to, ann, basisRv, QStringLiteral("promote"), &o))
            return o;
        if (verifying)
            o.smokeContainer = smoke.release(); // verify() keeps probing it
        o.message = verifying
                        ? QStringLiteral("service/%1 now sends traffic to %2 (%3); verifying "
                                         "until %4")
                              .arg(m_env.service, to, target.image,
                                   o.status.verifyUntil.toLocalTime().toString(
                                       QStringLiteral("HH:mm:ss")))
                        : QStringLiteral("service/%1 now sends traffic to %2 (%3)")
                              .arg(m_env.service, to, target.image);
        return o;
    }

    // The post-promotion window. `container`: the smoke container promote() left running.
    Outcome verify(const QString &container, const QString &actor,
                   const std::function<void(QString)> &say)
    {
        Outcome o;
        SmokeCheck smoke(m_env, m_client.connection(), m_handle.cancelFlag());
        if (!container.isEmpty())
            smoke.adopt(container);
        if (!readStatus(&o.status, &o.message))
            return o;
        if (o.status.phase != BlueGreenStatus::Phase::Verifying) {
            o.ok = true;
            o.message = QStringLiteral("%1: nothing to verify").arg(m_env.name);
            return o;
        }
        const QString live = o.status.active;
        const QString back = o.status.previous;
        const QDateTime until = o.status.verifyUntil;
        say(QStringLiteral("verifying %1 until %2: every %3 s its replicas must stay ready%4")
                .arg(live, until.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                .arg(m_env.verifyIntervalMs / 1000.0)
                .arg(container.isEmpty() ? QString()
                                         : QStringLiteral(" and %1 answer 2xx").arg(m_env.healthPath)));
        QString failure;
        int checks = 0;
        for (;;) {
            if (m_handle.cancelled()) {
                o.message = QStringLiteral("verification cancelled; traffic stays on %1").arg(live);
                return o;
            }
            BlueGreenStatus now;
            QString error;
            if (!readStatus(&now, &error)) {
                o.message = QStringLiteral("verification stopped: %1").arg(error);
                return o;
            }
            if (now.active != live || now.phase != BlueGreenStatus::Phase::Verifying) {
                o.status = now;
                o.message = QStringLiteral("verification stopped: service/%1 was switched to %2 "
                                           "by %3 meanwhile")
                                .arg(m_env.service, now.active, now.switchedBy);
                return o;
            }
            o.status = now;
            const BlueGreenStatus::Colour &c = now.colour(live);
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
                failure = QStringLiteral("%1 failed its health check: %2")
                              .arg(m_env.healthPath, detail);
            }
            if (!failure.isEmpty())
                break;
            ++checks;
            const qint64 left = QDateTime::currentDateTimeUtc().msecsTo(until);
            if (left <= 0)
                break;
            if (!m_handle.sleep(int(std::min<qint64>(left, m_env.verifyIntervalMs))))
                continue; // cancelled: reported at the top
        }
        smoke.remove();
        const QDateTime scaleDownAt =
            QDateTime::currentDateTimeUtc().addMSecs(m_env.scaleDownDelayMs);
        if (failure.isEmpty()) {
            QString error;
            const QJsonObject ann{{PhaseKey, QStringLiteral("stable")},
                                  {VerifyUntilKey, QJsonValue::Null},
                                  {VerifierKey, QJsonValue::Null},
                                  {ScaleDownAtKey, back.isEmpty()
                                                       ? QJsonValue(QJsonValue::Null)
                                                       : QJsonValue(iso(scaleDownAt))}};
            if (!patchServiceAnnotations(o.status.serviceResourceVersion, ann, &error)) {
                o.message = QStringLiteral("verification passed, but marking it failed: %1").arg(error);
                return o;
            }
            readStatus(&o.status, &error);
            o.ok = true;
            o.message = QStringLiteral("%1 verified (%2 checks); %3")
                            .arg(live)
                            .arg(checks)
                            .arg(back.isEmpty() ? QStringLiteral("no previous colour to scale down")
                                                : QStringLiteral("%1 stays warm until %2")
                                                      .arg(back, scaleDownAt.toLocalTime().toString(
                                                                     QStringLiteral("HH:mm:ss"))));
            return o;
        }
        say(QStringLiteral("post-promotion check failed: %1").arg(failure));
        return switchBack(o.status, QStringLiteral("auto-rollback"),
                          actor + QStringLiteral(" (automatic)"), failure);
    }

    // Sends traffic back to the previous colour after a failed or abandoned switch.
    Outcome switchBack(const BlueGreenStatus &st, const QString &action, const QString &actor,
                       const QString &why)
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
        if (!checkCanTakeTraffic(action, back, target,
                                 QStringLiteral("traffic stays on ") + live, &o.message)) {
            o.message = why + QStringLiteral("; ") + o.message;
            return failed(o);
        }
        const QJsonObject ann{
            {ActiveColourKey, back},
            {SwitchedAtKey, isoNow()},
            {SwitchedByKey, actor},
            {CommitKey, target.commit},
            {PreviousColourKey, live},
            {PreviousCommitKey, st.colour(live).commit},
            {PhaseKey, QStringLiteral("stable")},
            {VerifyUntilKey, QJsonValue::Null},
            {VerifierKey, QJsonValue::Null},
            {ScaleDownAtKey,
             iso(QDateTime::currentDateTimeUtc().addMSecs(m_env.scaleDownDelayMs))}};
        if (!switchTo(back, ann, st.serviceResourceVersion, action, &o))
            return o;
        o.ok = action != u"auto-rollback"; // an automatic switch back fails the promotion
        o.outcome = QStringLiteral("ok");
        o.message = QStringLiteral("%1; switched traffic back to %2 (%3)")
                        .arg(why, back, target.image);
        return o;
    }

    Outcome rollback(const QString &basisRv, const QString &actor, qint64 timeoutMs,
                     const std::function<void(QString)> &say)
    {
        Outcome o;
        o.action = QStringLiteral("rollback");
        if (!readStatus(&o.status, &o.message))
            return refused(o);
        if (o.status.active.isEmpty()) {
            o.message = QStringLiteral("rollback refused: service/%1 takes no traffic yet")
                            .arg(m_env.service);
            return refused(o);
        }
        const QString from = o.status.active;
        const QString to = BlueGreenStatus::other(from);
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
                            .arg(deploymentName(m_env, to), stays);
            return refused(o);
        }
        // Rolling "back" onto a version deployed after the switch would send traffic to
        // something never verified: that is a promote.
        if (!m_previousCommit.isEmpty() && target.commit != labelValue(m_previousCommit)
            && target.commit != m_previousCommit) {
            o.message = QStringLiteral("rollback refused: %1 now holds commit %2, deployed after "
                                       "the switch (it held %3); promote it instead; %4")
                            .arg(to, shortCommit(target.commit), shortCommit(m_previousCommit),
                                 stays);
            return refused(o);
        }
        if (target.desired == 0) {
            // Past its scale-down: no longer instant, but still the known-good version.
            say(QStringLiteral("%1 was scaled down; scaling it to %2 replicas first")
                    .arg(to)
                    .arg(m_env.replicas));
            QString error;
            if (!scale(to, m_env.replicas, &error)
                || !waitForRollout(deploymentName(m_env, to), timeoutMs, say, &error)) {
                o.message = QStringLiteral("rollback failed: %1; %2").arg(error, stays);
                return failed(o);
            }
            readStatus(&o.status, &error);
            target = o.status.colour(to);
        }
        if (!checkCanTakeTraffic(QStringLiteral("rollback"), to, target, stays, &o.message))
            return refused(o);
        const QJsonObject ann{
            {ActiveColourKey, to},
            {SwitchedAtKey, isoNow()},
            {SwitchedByKey, actor},
            {CommitKey, target.commit},
            {PreviousColourKey, from},
            {PreviousCommitKey, o.status.colour(from).commit},
            {PhaseKey, QStringLiteral("stable")},
            {VerifyUntilKey, QJsonValue::Null},
            {VerifierKey, QJsonValue::Null},
            {ScaleDownAtKey,
             iso(QDateTime::currentDateTimeUtc().addMSecs(m_env.scaleDownDelayMs))}};
        if (!switchTo(to, ann, basisRv, QStringLiteral("rollback"), &o))
            return o;
        o.message = QStringLiteral("service/%1 now sends traffic to %2 (%3)")
                        .arg(m_env.service, to, target.image);
        return o;
    }

    Outcome abort(const QString &actor)
    {
        Outcome o;
        o.action = QStringLiteral("abort");
        if (!readStatus(&o.status, &o.message))
            return refused(o);
        QStringList done;
        if (o.status.phase == BlueGreenStatus::Phase::Verifying) {
            Outcome back = switchBack(o.status, QStringLiteral("abort"), actor,
                                      QStringLiteral("aborted"));
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
            if (!scale(idle, 0, &error)) {
                o.ok = false;
                o.outcome = QStringLiteral("failed");
                o.message = QStringLiteral("abort: scaling %1 down failed: %2").arg(idle, error);
                return o;
            }
            done << QStringLiteral("scaled %1 to zero").arg(idle);
        }
        if (o.status.scaleDownAt.isValid()) {
            QString error;
            patchServiceAnnotations({}, {{ScaleDownAtKey, QJsonValue::Null}}, &error);
        }
        QString error;
        readStatus(&o.status, &error);
        o.ok = true;
        o.outcome = QStringLiteral("ok");
        o.message = QStringLiteral("aborted: %1; traffic on %2")
                        .arg(done.isEmpty() ? QStringLiteral("nothing to undo") : done.join(u", "),
                             o.status.active.isEmpty() ? QStringLiteral("nothing")
                                                       : o.status.active);
        return o;
    }

    Outcome scaleDownIfDue()
    {
        Outcome o;
        if (!readStatus(&o.status, &o.message))
            return o;
        o.ok = true;
        const QDateTime at = o.status.scaleDownAt;
        if (o.status.active.isEmpty() || !at.isValid()
            || o.status.phase != BlueGreenStatus::Phase::Stable) {
            o.message = QStringLiteral("%1: no scale-down scheduled").arg(m_env.name);
            return o;
        }
        if (at > QDateTime::currentDateTimeUtc()) {
            o.message = QStringLiteral("%1: %2 scales down at %3")
                            .arg(m_env.name, BlueGreenStatus::other(o.status.active),
                                 at.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
            return o;
        }
        const QString old = BlueGreenStatus::other(o.status.active);
        const BlueGreenStatus::Colour &c = o.status.colour(old);
        // Clear the schedule first, guarded: of two processes due at once only one wins and
        // scales; traffic has moved if the PATCH meets a conflict.
        QString error;
        if (!patchServiceAnnotations(o.status.serviceResourceVersion,
                                     {{ScaleDownAtKey, QJsonValue::Null}}, &error)) {
            o.ok = false;
            o.message = QStringLiteral("scale-down of %1 skipped: %2").arg(old, error);
            return o;
        }
        if (c.exists && c.desired > 0) {
            if (!scale(old, 0, &error)) {
                o.ok = false;
                o.action = QStringLiteral("scale-down");
                o.outcome = QStringLiteral("failed");
                o.message = QStringLiteral("scale-down of %1 failed: %2").arg(old, error);
                return o;
            }
            o.action = QStringLiteral("scale-down");
            o.outcome = QStringLiteral("ok");
            o.fromColour = o.status.active;
            o.toColour = old;
            o.commit = c.commit;
            o.image = c.image;
        }
        readStatus(&o.status, &error);
        o.message = QStringLiteral("%1 scaled to zero; a rollback now needs a rollout").arg(old);
        return o;
    }

    Outcome recover(const QString &actor, const std::function<void(QString)> &say)
    {
        Outcome o;
        QString error;
        const int removed = SmokeCheck::removeOrphans(m_env, false, &error);
        if (removed > 0)
            say(QStringLiteral("removed %1 smoke container(s) left by a process that ended")
                    .arg(removed));
        if (!readStatus(&o.status, &o.message))
            return o;
        if (o.status.phase != BlueGreenStatus::Phase::Verifying) {
            Outcome s = scaleDownIfDue();
            s.message = QStringLiteral("%1 is consistent: traffic on %2; %3")
                            .arg(m_env.name,
                                 o.status.active.isEmpty() ? QStringLiteral("nothing")
                                                           : o.status.active,
                                 s.message);
            return s;
        }
        if (!m_verifier.isEmpty() && SmokeCheck::ownerAlive(m_verifier)) {
            o.ok = true;
            o.message = QStringLiteral("%1: the switch to %2 is being verified by %3; left alone")
                            .arg(m_env.name, o.status.active, m_verifier);
            return o;
        }
        say(QStringLiteral("the process verifying the switch to %1 ended; checking it now")
                .arg(o.status.active));
        if (!o.status.colour(o.status.active).canTakeTraffic()) {
            Outcome back = switchBack(o.status, QStringLiteral("auto-rollback"),
                                      actor + QStringLiteral(" (recovery)"),
                                      QStringLiteral("%1 is not ready after a restart")
                                          .arg(o.status.active));
            back.ok = back.outcome == u"ok";
            return back;
        }
        // Take the window over: our own verifier mark, then the rest of the window.
        if (!patchServiceAnnotations(o.status.serviceResourceVersion,
                                     {{VerifierKey, SmokeCheck::ownerId()}}, &error)) {
            o.message = QStringLiteral("recovery refused: %1").arg(error);
            return o;
        }
        Outcome v = verify({}, actor, say);
        if (v.action.isEmpty())
            v.ok = v.ok && !v.status.active.isEmpty();
        else
            v.ok = v.outcome == u"ok";
        return v;
    }

private:
    static Outcome refused(Outcome o)
    {
        o.ok = false;
        o.outcome = QStringLiteral("refused");
        return o;
    }
    static Outcome failed(Outcome o)
    {
        o.ok = false;
        o.outcome = QStringLiteral("failed");
        return o;
    }

    bool checkCanTakeTraffic(const QString &verb, const QString &to,
                             const BlueGreenStatus::Colour &target, const QString &stays,
                             QString *message)
    {
        if (!target.exists) {
            *message = QStringLiteral("%1 refused: deployment.apps/%2 does not exist; %3")
                           .arg(verb, deploymentName(m_env, to), stays);
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

    // A 409 from server-side apply whose every conflict is on .spec.replicas.
    static bool onlyReplicasConflict(const KubeResult &r)
    {
        const QJsonArray causes = r.object[u"details"][u"causes"].toArray();
        if (causes.isEmpty())
            return false;
        for (const QJsonValue &c : causes) {
            if (c[u"field"].toString() != u".spec.replicas")
                return false;
        }
        return true;
    }

    bool scale(const QString &colour, int replicas, QString *error)
    {
        const QString name = deploymentName(m_env, colour);
        const QByteArray body = QJsonDocument(QJsonObject{
                                                  {QStringLiteral("spec"),
                                                   QJsonObject{{QStringLiteral("replicas"),
                                                                replicas}}}})
                                    .toJson(QJsonDocument::Compact);
        const KubeResult r = retrying(name, [&] {
            return m_client.patch(AppsV1, DeploymentKind, name, body,
                                  "application/merge-patch+json", m_env.kubeNamespace);
        });
        if (!r.ok)
            *error = QStringLiteral("deployment.apps/%1: %2").arg(name, r.message);
        return r.ok;
    }

    // A merge patch of the Service's annotations, guarded by `rv` unless empty.
    bool patchServiceAnnotations(const QString &rv, const QJsonObject &annotations,
                                 QString *error)
    {
        QJsonObject meta{{QStringLiteral("annotations"), annotations}};
        if (!rv.isEmpty())
            meta.insert(QStringLiteral("resourceVersion"), rv);
        const QByteArray json =
            QJsonDocument(QJsonObject{{QStringLiteral("metadata"), meta}})
                .toJson(QJsonDocument::Compact);
        const KubeResult r = writeOnce([&] {
            return m_client.patch(CoreV1, ServiceKind, m_env.service, json,
                                  "application/merge-patch+json", m_env.kubeNamespace);
        });
        if (!r.ok)
            *error = r.isConflict()
                         ? QStringLiteral("service/%1 changed meanwhile").arg(m_env.service)
                         : QStringLiteral("service/%1: %2").arg(m_env.service, r.message);
        return r.ok;
    }

    // The switch itself: one write of the Service (created on the first promote) setting
    // the selector and `annotations` together, guarded by `basisRv` (else the version read).
    // Fills o's status, message, ok and outcome.
    bool switchTo(const QString &to, const QJsonObject &annotations, const QString &basisRv,
                  const QString &verb, Outcome *o)
    {
        KubeResult r;
        if (!o->status.serviceExists) {
            // First traffic: create the Service; a concurrent creator gets AlreadyExists.
            QJsonObject svc = service(m_env.service, to);
            QJsonObject meta = svc[u"metadata"].toObject();
            QJsonObject ann;
            for (auto it = annotations.begin(); it != annotations.end(); ++it) {
                if (!it.value().isNull())
                    ann.insert(it.key(), it.value());
            }
            meta.insert(QStringLiteral("annotations"), ann);
            svc.insert(QStringLiteral("metadata"), meta);
            QString error;
            const auto res = m_client.resource(CoreV1, ServiceKind, &error);
            if (!res) {
                o->message = error;
                *o = failed(*o);
                return false;
            }
            const QString path = m_client.collectionPath(*res, m_env.kubeNamespace);
            r = writeOnce([&] {
                return m_client.request("POST", path,
                                        QJsonDocument(svc).toJson(QJsonDocument::Compact),
                                        "application/json");
            });
        } else {
            // A resourceVersion inside a merge patch is a precondition: the apiserver answers
            // 409 Conflict when the Service changed since we (or the caller) read it.
            QJsonObject meta{{QStringLiteral("annotations"), annotations},
                             {QStringLiteral("resourceVersion"),
                              basisRv.isEmpty() ? o->status.serviceResourceVersion : basisRv}};
            QJsonObject body{
                {QStringLiteral("metadata"), meta},
                {QStringLiteral("spec"),
                 QJsonObject{{QStringLiteral("selector"), colourLabels(m_env, to)}}}};
            const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
            r = writeOnce([&] {
                return m_client.patch(CoreV1, ServiceKind, m_env.service, json,
                                      "application/merge-patch+json", m_env.kubeNamespace);
            });
        }
        // A repeated write that meets 409 may have met its own first attempt, which the
        // apiserver applied before the answer was lost: our switched-at says so.
        if ((r.isConflict() || r.status == 409) && m_rewritten) {
            const KubeResult now = get(CoreV1, ServiceKind, m_env.service);
            const QJsonObject ann = now.object[u"metadata"][u"annotations"].toObject();
            if (now.ok && ann[SwitchedAtKey] == annotations[SwitchedAtKey]
                && ann[SwitchedByKey] == annotations[SwitchedByKey])
                r = now;
        }
        QString error;
        if (!r.ok) {
            if (r.isConflict())
                o->message = QStringLiteral("%1 refused: service/%2 changed since it was read "
                                            "(another switch won the race): %3")
                                 .arg(verb, m_env.service, r.message);
            else
                o->message = QStringLiteral("%1 failed: service/%2: %3")
                                 .arg(verb, m_env.service, r.message);
            *o = r.isConflict() ? refused(*o) : failed(*o);
            // What the winner left, for the caller to show.
            readStatus(&o->status, &error);
            return false;
        }
        if (!readStatus(&o->status, &error)) {
            o->message = error;
            *o = failed(*o);
            return false;
        }
        o->ok = true;
        o->outcome = QStringLiteral("ok");
        return true;
    }

    // The switch is repeated only when no answer came or the server failed (5xx): a 409
    // or 422 is an answer about the state and final.
    KubeResult writeOnce(const std::function<KubeResult()> &call)
    {
        m_rewritten = false;
        QElapsedTimer clock;
        clock.start();
        int delay = 200;
        for (;;) {
            const KubeResult r = call();
            const bool again = !r.ok && (r.status == 0 || r.status >= 500);
            if (!again || clock.elapsed() > RetryMs || m_handle.cancelled())
                return r;
            if (!m_handle.sleep(delay))
                return r;
            delay = std::min(delay * 2, 2000);
            m_rewritten = true;
        }
    }

    bool readColour(const QString &colour, BlueGreenStatus::Colour *c, QString *error)
    {
        const QString name = deploymentName(m_env, colour);
        const KubeResult d = get(AppsV1, DeploymentKind, name);
        if (isMissing(d, name))
            return true;
        if (!d.ok) {
            *error = d.message;
            return false;
        }
        const QJsonObject labels = labelsOf(d.object);
        const QJsonObject selector =
            d.object[u"spec"].toObject()[u"selector"].toObject()[u"matchLabels"].toObject();
        if (labels[u"app"].toString() != m_env.app || labels[u"colour"].toString() != colour
            || selector != colourLabels(m_env, colour)) {
            *error = QStringLiteral("deployment.apps/%1 was changed by hand: it lacks the "
                                    "labels app=%2, colour=%3 (or its selector differs); "
                                    "not touching it")
                         .arg(name, m_env.app, colour);
            return false;
        }
        c->exists = true;
        c->commit = labels[u"commit"].toString();
        const QJsonObject spec = d.object[u"spec"].toObject();
        c->image = spec[u"template"][u"spec"][u"containers"][0][u"image"].toString();
        c->desired = spec[u"replicas"].toInt(1);
        c->ready = d.object[u"status"][u"readyReplicas"].toInt();
        const RolloutStatus::Result rollout = RolloutStatus::evaluate(d.object);
        c->rolledOut = rollout.state == RolloutStatus::State::Done;
        c->rolloutFailed = rollout.state == RolloutStatus::State::Failed;
        c->rolloutMessage = rollout.message;
        const QJsonObject meta = d.object[u"metadata"].toObject();
        c->createdAt = parseIso(meta[u"creationTimestamp"].toString());
        c->deployedAt = parseIso(meta[u"annotations"].toObject()[DeployedAtKey].toString());
        return true;
    }

    bool buildDeployment(const QString &colour, const QString &image, const QString &commit,
                         const QString &baseDir, QJsonObject *out, QString *error)
    {
        const QString name = deploymentName(m_env, colour);
        const QJsonObject selector = colourLabels(m_env, colour);
        QJsonObject labels = selector;
        labels.insert(QStringLiteral("commit"), labelValue(commit));
        QJsonObject d;
        if (m_env.manifests.isEmpty()) {
            const QJsonObject container{
                {QStringLiteral("name"), m_env.app},
                {QStringLiteral("image"), image},
                {QStringLiteral("ports"),
                 QJsonArray{QJsonObject{{QStringLiteral("containerPort"), m_env.port}}}},
                {QStringLiteral("readinessProbe"),
                 QJsonObject{{QStringLiteral("httpGet"),
                              QJsonObject{{QStringLiteral("path"), m_env.healthPath},
                                          {QStringLiteral("port"), m_env.port}}}}}};
            d = QJsonObject{
                {QStringLiteral("apiVersion"), AppsV1},
                {QStringLiteral("kind"), DeploymentKind},
                {QStringLiteral("spec"),
                 QJsonObject{{QStringLiteral("template"),
                              QJsonObject{{QStringLiteral("spec"),
                                           QJsonObject{{QStringLiteral("containers"),
                                                        QJsonArray{container}}}}}}}}};
        } else {
            // The environment's manifests give the Deployment's shape; name, labels,
            // selector, replicas and image are the controller's.
            QList<KubeManifest> manifests;
            if (!KubeManifestLoader::load(m_env.manifests, baseDir, &manifests, error))
                return false;
            KubeManifestLoader::setImages(manifests, {{QStringLiteral("*"), image}});
            const auto it = std::find_if(manifests.cbegin(), manifests.cend(),
                                         [](const KubeManifest &m) {
                                             return m.kind() == QLatin1String("Deployment");
                                         });
            if (it == manifests.cend()) {
                *error = QStringLiteral("environment %1: its manifests hold no Deployment")
                             .arg(m_env.name);
                return false;
            }
            d = it->object;
        }
        QJsonObject meta = d[u"metadata"].toObject();
        meta.insert(QStringLiteral("name"), name);
        meta.insert(QStringLiteral("namespace"), m_env.kubeNamespace);
        QJsonObject metaLabels = meta[u"labels"].toObject();
        for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
            metaLabels.insert(it.key(), it.value());
        meta.insert(QStringLiteral("labels"), metaLabels);
        QJsonObject metaAnnotations = meta[u"annotations"].toObject();
        metaAnnotations.insert(DeployedAtKey, isoNow());
        meta.insert(QStringLiteral("annotations"), metaAnnotations);
        d.insert(QStringLiteral("metadata"), meta);
        QJsonObject spec = d[u"spec"].toObject();
        spec.insert(QStringLiteral("replicas"), m_env.replicas);
        spec.insert(QStringLiteral("selector"),
                    QJsonObject{{QStringLiteral("matchLabels"), selector}});
        QJsonObject tmpl = spec[u"template"].toObject();
        QJsonObject tmplMeta = tmpl[u"metadata"].toObject();
        QJsonObject podLabels = tmplMeta[u"labels"].toObject();
        for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
            podLabels.insert(it.key(), it.value());
        tmplMeta.insert(QStringLiteral("labels"), podLabels);
        tmpl.insert(QStringLiteral("metadata"), tmplMeta);
        spec.insert(QStringLiteral("template"), tmpl);
        d.insert(QStringLiteral("spec"), spec);
        *out = d;
        return true;
    }

    QJsonObject service(const QString &name, const QString &colour) const
    {
        return QJsonObject{
            {QStringLiteral("apiVersion"), CoreV1},
            {QStringLiteral("kind"), ServiceKind},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), name},
                         {QStringLiteral("namespace"), m_env.kubeNamespace},
                         {QStringLiteral("labels"),
                          QJsonObject{{QStringLiteral("app"), m_env.app}}}}},
            {QStringLiteral("spec"),
             QJsonObject{{QStringLiteral("selector"), colourLabels(m_env, colour)},
                         {QStringLiteral("ports"),
                          QJsonArray{QJsonObject{{QStringLiteral("port"), m_env.port},
                                                 {QStringLiteral("targetPort"),
                                                  m_env.port}}}}}}};
    }

    // kubectl's rollout rules (RolloutStatus), polled once a second: a blue/green deploy
    // waits for one Deployment, and a poll survives an apiserver restart without relisting.
    bool waitForRollout(const QString &name, qint64 timeoutMs,
                        const std::function<void(QString)> &say, QString *error)
    {
        QElapsedTimer clock;
        clock.start();
        QString last;
        for (;;) {
            const KubeResult d = get(AppsV1, DeploymentKind, name);
            if (m_handle.cancelled()) {
                *error = QStringLiteral("cancelled");
                return false;
            }
            if (d.ok) {
                const RolloutStatus::Result r = RolloutStatus::evaluate(d.object);
                if (r.message != last) {
                    last = r.message;
                    say(last);
                }
                if (r.state == RolloutStatus::State::Done)
                    return true;
                if (r.state == RolloutStatus::State::Failed) {
                    *error = QStringLiteral("deployment.apps/%1: %2").arg(name, r.message);
                    return false;
                }
            } else if (isMissing(d, name)) {
                *error = QStringLiteral("deployment.apps/%1 was deleted during its rollout")
                             .arg(name);
                return false;
            }
            if (clock.elapsed() >= timeoutMs) {
                *error = QStringLiteral("timed out after %1s waiting for the rollout of "
                                        "deployment.apps/%2: %3")
                             .arg(timeoutMs / 1000)
                             .arg(name, last.isEmpty() ? d.message : last);
                return false;
            }
            if (!m_handle.sleep(500)) {
                *error = QStringLiteral("cancelled");
                return false;
            }
        }
    }

    static constexpr qint64 RetryMs = 20000;

    KubeClient m_client;
    KubeBackgroundTask::Handle m_handle;
    EnvironmentSpec m_env;
    bool m_rewritten = false;
    QString m_previousCommit; // as read by the last readStatus()
    QString m_verifier;
};

} // namespace

BlueGreenController::BlueGreenController(KubeConnection connection, QObject *parent)
    : QObject(parent),
      m_connection(std::move(connection)),
      m_actor(qEnvironmentVariable("USER", QStringLiteral("pipewright"))),
      m_task(this)
{
}

BlueGreenController::~BlueGreenController()
{
    // A smoke container handed from promote() to a verify() that never ran; removed off
    // this (possibly the GUI) thread.
    if (!m_smokeContainer.isEmpty()) {
        std::thread([id = m_smokeContainer] {
            SmokeCheck orphan({}, {}, nullptr);
            orphan.adopt(id);
        }).detach();
    }
}

std::function<void(QString)> BlueGreenController::sayer(const KubeBackgroundTask::Handle &h)
{
    return [this, h](const QString &line) { h.post([this, line] { emit progress(line); }); };
}

void BlueGreenController::run(Operation operation, Work work)
{
    if (isBusy()) {
        // A rollback must not wait for a verification window to run out, and an abort stops
        // whatever runs: the running work is cancelled, and the new operation starts once
        // that worker has really stopped (it may be inside a request), so two workers never
        // write to the environment at once.
        const bool takesOver =
            (operation == Operation::Rollback && m_operation == Operation::Verify)
            || (operation == Operation::Abort && m_operation != Operation::Recover);
        if (takesOver && !m_takingOver) {
            const Operation stopped = m_operation;
            m_takingOver = true;
            m_task.cancel(); // its result will not be posted
            emit progress(QStringLiteral("stopping the %1 for the %2")
                              .arg(operationName(stopped), operationName(operation)));
            auto *poll = new QTimer(this);
            poll->setInterval(20);
            connect(poll, &QTimer::timeout, this,
                    [this, poll, stopped, operation, active = m_workerActive,
                     work = std::move(work)]() mutable {
                        if (active && active->load())
                            return;
                        poll->deleteLater();
                        m_takingOver = false;
                        m_operation = Operation::None;
                        emit finished(stopped, false,
                                      QStringLiteral("%1 stopped: %2 asked for")
                                          .arg(operationName(stopped), operationName(operation)));
                        run(operation, std::move(work));
                    });
            poll->start();
            return;
        }
        // Posted, so the caller always hears back after its call returned.
        QTimer::singleShot(0, this, [this, operation] {
            emit finished(operation, false,
                          QStringLiteral("refused: another operation on this environment is "
                                         "still running"));
        });
        return;
    }
    m_operation = operation;
    auto active = std::make_shared<std::atomic<bool>>(true);
    m_workerActive = active;
    m_task.start([this, operation, active,
                  work = std::move(work)](const KubeBackgroundTask::Handle &h) {
        const Outcome o = work(h);
        // Posted first: a cancelled task drops the post, and the take-over polls `active`.
        h.post([this, operation, o] {
            m_operation = Operation::None;
            m_status = o.status;
            if (operation == Operation::Promote)
                m_smokeContainer = o.smokeContainer;
            record(o);
            emit finished(operation, o.ok, o.message);
        });
        active->store(false);
    });
}

QString BlueGreenController::operationName(Operation operation)
{
    switch (operation) {
    case Operation::None:
        return QStringLiteral("nothing");
    case Operation::Status:
        return QStringLiteral("status read");
    case Operation::DeployToIdle:
        return QStringLiteral("deploy");
    case Operation::Promote:
        return QStringLiteral("promote");
    case Operation::Verify:
        return QStringLiteral("verification");
    case Operation::Rollback:
        return QStringLiteral("rollback");
    case Operation::Abort:
        return QStringLiteral("abort");
    case Operation::ScaleDown:
        return QStringLiteral("scale-down");
    case Operation::Recover:
        return QStringLiteral("recovery");
    }
    return QString();
}

void BlueGreenController::record(const Outcome &o)
{
    if (!m_store || o.action.isEmpty() || o.outcome.isEmpty())
        return;
    SwitchRecord r;
    r.environment = m_environment.name;
    r.context = m_environment.context;
    r.kubeNamespace = m_environment.kubeNamespace;
    r.app = m_environment.app;
    r.actor = o.action == u"auto-rollback" ? m_actor + QStringLiteral(" (automatic)") : m_actor;
    r.action = o.action;
    r.fromColour = o.fromColour;
    r.toColour = o.toColour;
    r.commit = o.commit;
    r.image = o.image;
    r.outcome = o.outcome;
    r.message = o.message;
    r.runId = m_runId;
    m_store->recordSwitch(r);
}

void BlueGreenController::status(const EnvironmentSpec &env)
{
    m_environment = env;
    run(Operation::Status, [c = m_connection, env](const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).status();
    });
}

void BlueGreenController::deployToIdle(const EnvironmentSpec &env, const QString &image,
                                       const QString &commit)
{
    m_environment = env;
    const QString baseDir = m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir;
    run(Operation::DeployToIdle, [this, c = m_connection, env, image, commit, baseDir,
                                  timeout = m_rolloutTimeoutMs](
                                     const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).deployToIdle(image, commit, baseDir, timeout, sayer(h));
    });
}

void BlueGreenController::promote(const EnvironmentSpec &env, const QString &basis)
{
    m_environment = env;
    run(Operation::Promote, [this, c = m_connection, env, basis, actor = m_actor](
                                const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).promote(basis, actor, sayer(h));
    });
}

void BlueGreenController::verify(const EnvironmentSpec &env)
{
    m_environment = env;
    const QString container = std::exchange(m_smokeContainer, QString());
    run(Operation::Verify, [this, c = m_connection, env, container, actor = m_actor](
                               const KubeBackgroundTask::Handle &h) {
        // The worker's SmokeCheck adopts the container and removes it however the window
        // ends, cancelled included (a rollback, an abort, the owner going away).
        return Worker(c, h, env).verify(container, actor, sayer(h));
    });
}

void BlueGreenController::rollback(const EnvironmentSpec &env, const QString &basis)
{
    m_environment = env;
    run(Operation::Rollback, [this, c = m_connection, env, basis, actor = m_actor,
                              timeout = m_rolloutTimeoutMs](const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).rollback(basis, actor, timeout, sayer(h));
    });
}

void BlueGreenController::abort(const EnvironmentSpec &env)
{
    m_environment = env;
    run(Operation::Abort, [c = m_connection, env, actor = m_actor](
                              const KubeBackgroundTask::Handle &h) {
        // A smoke container handed from promote() to a verify() that was stopped or never
        // ran: the abort ends it. (verify() removes its own when it stops.)
        QString error;
        SmokeCheck::removeOrphans(env, true, &error);
        return Worker(c, h, env).abort(actor);
    });
}

void BlueGreenController::scaleDownIfDue(const EnvironmentSpec &env)
{
    m_environment = env;
    run(Operation::ScaleDown, [c = m_connection, env](const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).scaleDownIfDue();
    });
}

void BlueGreenController::recover(const EnvironmentSpec &env)
{
    m_environment = env;
    run(Operation::Recover, [this, c = m_connection, env, actor = m_actor](
                                const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).recover(actor, sayer(h));
    });
}

void BlueGreenController::cancel()
{
    if (!isBusy() || m_takingOver)
        return;
    // Not idle until the worker has really stopped: it may be inside a request.
    const Operation stopped = m_operation;
    m_takingOver = true;
    m_task.cancel();
    auto *poll = new QTimer(this);
    poll->setInterval(20);
    connect(poll, &QTimer::timeout, this, [this, poll, stopped, active = m_workerActive] {
        if (active && active->load())
            return;
        poll->deleteLater();
        m_takingOver = false;
        m_operation = Operation::None;
        emit finished(stopped, false, QStringLiteral("%1 cancelled").arg(operationName(stopped)));
    });
    poll->start();
}

} // namespace pw::core
