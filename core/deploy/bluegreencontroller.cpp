#include "bluegreencontroller.h"

#include "core/kube/kubeclient.h"
#include "core/kube/kubemanifestloader.h"
#include "core/kube/rolloutstatus.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>

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
    return r.status == 0 || r.status == 429 || r.status >= 500
           || (r.status == 404 && !isMissing(r, name));
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
        if (!readStatus(&o.status, &o.message))
            return o;
        const QString colour = o.status.idle();
        QJsonObject deployment;
        if (!buildDeployment(colour, image, commit, baseDir, &deployment, &o.message))
            return o;
        const QString name = deploymentName(m_env, colour);
        // No force: fields someone else manages are a conflict to report, not to take over.
        const KubeResult applied = apply(deployment);
        if (!applied.ok) {
            o.message = QStringLiteral("deployment.apps/%1: %2").arg(name, applied.message);
            return o;
        }
        say(QStringLiteral("deployment.apps/%1 applied with image %2; waiting for its rollout")
                .arg(name, image));
        if (!waitForRollout(name, timeoutMs, say, &o.message))
            return o;
        if (!m_env.previewService.isEmpty()) {
            const KubeResult preview = apply(service(m_env.previewService, colour));
            if (!preview.ok) {
                o.message = QStringLiteral("service/%1: %2").arg(m_env.previewService,
                                                                preview.message);
                return o;
            }
            say(QStringLiteral("service/%1 (preview) points at %2")
                    .arg(m_env.previewService, colour));
        }
        QString error;
        if (!readStatus(&o.status, &error)) {
            o.message = error;
            return o;
        }
        o.ok = true;
        o.message = QStringLiteral("%1 is ready with %2 (idle; traffic stays on %3)")
                        .arg(colour, image,
                             o.status.active.isEmpty() ? QStringLiteral("nothing")
                                                       : o.status.active);
        return o;
    }

    // Promote (to the idle colour) and rollback (to the previous one) are the same switch;
    // only the words differ.
    Outcome switchTraffic(bool promote, const QString &basisRv, const QString &actor)
    {
        Outcome o;
        const QString verb = promote ? QStringLiteral("promote") : QStringLiteral("rollback");
        if (!readStatus(&o.status, &o.message))
            return o;
        if (!promote && o.status.active.isEmpty()) {
            o.message = QStringLiteral("rollback refused: service/%1 takes no traffic yet")
                            .arg(m_env.service);
            return o;
        }
        const QString from = o.status.active;
        const QString to = o.status.idle();
        const BlueGreenStatus::Colour &target = o.status.colour(to);
        const QString stays = from.isEmpty() ? QStringLiteral("no traffic was switched")
                                             : QStringLiteral("traffic stays on ") + from;
        if (!target.exists) {
            o.message = QStringLiteral("%1 refused: deployment.apps/%2 does not exist; %3")
                            .arg(verb, deploymentName(m_env, to), stays);
            return o;
        }
        // Traffic never goes to a colour with fewer ready replicas than desired.
        if (!target.canTakeTraffic()) {
            o.message = QStringLiteral("%1 refused: %2 is not ready (%3 of %4 replicas ready; "
                                       "%5); %6")
                            .arg(verb, to)
                            .arg(target.ready)
                            .arg(target.desired)
                            .arg(target.rolloutMessage, stays);
            return o;
        }
        const QJsonObject annotations{
            {ActiveColourKey, to},
            {SwitchedAtKey, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {SwitchedByKey, actor},
            {CommitKey, target.commit}};
        KubeResult r;
        if (!o.status.serviceExists) {
            // First traffic: create the Service; a concurrent creator gets AlreadyExists.
            QJsonObject svc = service(m_env.service, to);
            QJsonObject meta = svc[u"metadata"].toObject();
            meta.insert(QStringLiteral("annotations"), annotations);
            svc.insert(QStringLiteral("metadata"), meta);
            QString error;
            const auto res = m_client.resource(CoreV1, ServiceKind, &error);
            if (!res) {
                o.message = error;
                return o;
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
                              basisRv.isEmpty() ? o.status.serviceResourceVersion : basisRv}};
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
        if (r.isConflict() && m_rewritten) {
            const KubeResult now = get(CoreV1, ServiceKind, m_env.service);
            const QJsonObject ann = now.object[u"metadata"][u"annotations"].toObject();
            if (now.ok && ann[SwitchedAtKey] == annotations[SwitchedAtKey]
                && ann[SwitchedByKey] == annotations[SwitchedByKey])
                r = now;
        }
        QString error;
        if (!r.ok) {
            if (r.isConflict())
                o.message = QStringLiteral("%1 refused: service/%2 changed since it was read "
                                           "(another switch won the race): %3")
                                .arg(verb, m_env.service, r.message);
            else
                o.message = QStringLiteral("%1 failed: service/%2: %3")
                                .arg(verb, m_env.service, r.message);
            // What the winner left, for the caller to show.
            readStatus(&o.status, &error);
            return o;
        }
        if (!readStatus(&o.status, &error)) {
            o.message = error;
            return o;
        }
        o.ok = true;
        o.message = QStringLiteral("service/%1 now sends traffic to %2 (%3)")
                        .arg(m_env.service, to, target.image);
        return o;
    }

private:
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
        c->rolloutMessage = rollout.message;
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
};

} // namespace

BlueGreenController::BlueGreenController(KubeConnection connection, QObject *parent)
    : QObject(parent),
      m_connection(std::move(connection)),
      m_actor(qEnvironmentVariable("USER", QStringLiteral("pipewright"))),
      m_task(this)
{
}

BlueGreenController::~BlueGreenController() = default;

void BlueGreenController::run(Operation operation, Work work)
{
    if (isBusy()) {
        // Posted, so the caller always hears back after its call returned.
        QTimer::singleShot(0, this, [this, operation] {
            emit finished(operation, false,
                          QStringLiteral("refused: another operation on this environment is "
                                         "still running"));
        });
        return;
    }
    m_operation = operation;
    m_task.start([this, operation, work = std::move(work)](const KubeBackgroundTask::Handle &h) {
        Outcome o = work(h);
        h.post([this, operation, o] {
            m_operation = Operation::None;
            m_status = o.status;
            emit finished(operation, o.ok, o.message);
        });
    });
}

void BlueGreenController::status(const EnvironmentSpec &env)
{
    run(Operation::Status, [c = m_connection, env](const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).status();
    });
}

void BlueGreenController::deployToIdle(const EnvironmentSpec &env, const QString &image,
                                       const QString &commit)
{
    const QString baseDir = m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir;
    run(Operation::DeployToIdle, [this, c = m_connection, env, image, commit, baseDir,
                                  timeout = m_rolloutTimeoutMs](
                                     const KubeBackgroundTask::Handle &h) {
        const auto say = [this, h](const QString &line) {
            h.post([this, line] { emit progress(line); });
        };
        return Worker(c, h, env).deployToIdle(image, commit, baseDir, timeout, say);
    });
}

void BlueGreenController::promote(const EnvironmentSpec &env, const QString &basis)
{
    run(Operation::Promote, [c = m_connection, env, basis, actor = m_actor](
                                const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).switchTraffic(true, basis, actor);
    });
}

void BlueGreenController::rollback(const EnvironmentSpec &env, const QString &basis)
{
    run(Operation::Rollback, [c = m_connection, env, basis, actor = m_actor](
                                 const KubeBackgroundTask::Handle &h) {
        return Worker(c, h, env).switchTraffic(false, basis, actor);
    });
}

void BlueGreenController::cancel()
{
    m_task.cancel();
}

} // namespace pw::core
