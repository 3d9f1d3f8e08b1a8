#include "bluegreenschema.h"

#include "core/kube/rolloutstatus.h"

#include <QJsonDocument>

namespace pw::core {

const QString BlueGreenSchema::ActiveColourKey = QStringLiteral("pipewright.dev/active-colour");
const QString BlueGreenSchema::SwitchedAtKey = QStringLiteral("pipewright.dev/switched-at");
const QString BlueGreenSchema::SwitchedByKey = QStringLiteral("pipewright.dev/switched-by");
const QString BlueGreenSchema::CommitKey = QStringLiteral("pipewright.dev/commit");
const QString BlueGreenSchema::PreviousColourKey = QStringLiteral("pipewright.dev/previous-colour");
const QString BlueGreenSchema::PreviousCommitKey = QStringLiteral("pipewright.dev/previous-commit");
const QString BlueGreenSchema::PhaseKey = QStringLiteral("pipewright.dev/phase");
const QString BlueGreenSchema::VerifyUntilKey = QStringLiteral("pipewright.dev/verify-until");
const QString BlueGreenSchema::VerifierKey = QStringLiteral("pipewright.dev/verifier");
const QString BlueGreenSchema::ScaleDownAtKey = QStringLiteral("pipewright.dev/scale-down-at");
const QString BlueGreenSchema::DeployedAtKey = QStringLiteral("pipewright.dev/deployed-at");

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(BlueGreenSchema::timestamp(t)) : QJsonValue(QJsonValue::Null);
}

} // namespace

bool BlueGreenSchema::isColour(const QString &colour)
{
    return colour == QLatin1String("blue") || colour == QLatin1String("green");
}

QString BlueGreenSchema::deploymentName(const EnvironmentSpec &env, const QString &colour)
{
    return env.app + u'-' + colour;
}

QJsonObject BlueGreenSchema::colourLabels(const EnvironmentSpec &env, const QString &colour)
{
    return {{QStringLiteral("app"), env.app}, {QStringLiteral("colour"), colour}};
}

QString BlueGreenSchema::labelValue(const QString &text)
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

QString BlueGreenSchema::timestamp(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime BlueGreenSchema::parseTimestamp(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

bool BlueGreenSchema::readService(const QJsonObject &service, const EnvironmentSpec &env,
                                  BlueGreenStatus *s, QString *error)
{
    s->serviceExists = true;
    const QJsonObject meta = service[u"metadata"].toObject();
    s->serviceResourceVersion = meta[u"resourceVersion"].toString();
    const QJsonObject ann = meta[u"annotations"].toObject();
    const QJsonObject selector = service[u"spec"].toObject()[u"selector"].toObject();
    const QString colour = selector[u"colour"].toString();
    // Both keys and nothing else: an extra key would make the selector pick pods we do not
    // manage, a missing one would mix both colours.
    if (selector.size() != 2 || selector[u"app"].toString() != env.app || !isColour(colour)) {
        *error = QStringLiteral("service/%1 was changed by hand: its selector is %2, "
                                "not {app: %3, colour: blue|green}; not touching it")
                     .arg(env.service,
                          QString::fromUtf8(QJsonDocument(selector).toJson(QJsonDocument::Compact)),
                          env.app);
        return false;
    }
    // The selector and the annotation change in one PATCH, so a difference means the
    // selector was edited by hand.
    const QString recorded = ann[ActiveColourKey].toString();
    if (recorded != colour) {
        *error = QStringLiteral("service/%1 was changed by hand: it selects %2 but "
                                "Pipewright last switched it to %3; not touching it")
                     .arg(env.service, colour,
                          recorded.isEmpty() ? QStringLiteral("(nothing)") : recorded);
        return false;
    }
    s->active = colour;
    s->switchedAt = ann[SwitchedAtKey].toString();
    s->switchedBy = ann[SwitchedByKey].toString();
    s->commit = ann[CommitKey].toString();
    s->previous = ann[PreviousColourKey].toString();
    s->previousCommit = ann[PreviousCommitKey].toString();
    s->phase = ann[PhaseKey].toString() == u"verifying" ? BlueGreenStatus::Phase::Verifying
                                                        : BlueGreenStatus::Phase::Stable;
    s->verifyUntil = parseTimestamp(ann[VerifyUntilKey].toString());
    s->scaleDownAt = parseTimestamp(ann[ScaleDownAtKey].toString());
    s->verifier = ann[VerifierKey].toString();
    return true;
}

bool BlueGreenSchema::readDeployment(const QJsonObject &d, const EnvironmentSpec &env,
                                     const QString &colour, BlueGreenStatus::Colour *c,
                                     QString *error)
{
    const QJsonObject meta = d[u"metadata"].toObject();
    const QJsonObject labels = meta[u"labels"].toObject();
    const QJsonObject spec = d[u"spec"].toObject();
    const QJsonObject selector = spec[u"selector"].toObject()[u"matchLabels"].toObject();
    if (labels[u"app"].toString() != env.app || labels[u"colour"].toString() != colour
        || selector != colourLabels(env, colour)) {
        *error = QStringLiteral("deployment.apps/%1 was changed by hand: it lacks the "
                                "labels app=%2, colour=%3 (or its selector differs); "
                                "not touching it")
                     .arg(deploymentName(env, colour), env.app, colour);
        return false;
    }
    c->exists = true;
    c->commit = labels[u"commit"].toString();
    c->image = spec[u"template"][u"spec"][u"containers"][0][u"image"].toString();
    c->desired = spec[u"replicas"].toInt(1);
    c->ready = d[u"status"][u"readyReplicas"].toInt();
    const RolloutStatus::Result rollout = RolloutStatus::evaluate(d);
    c->rolledOut = rollout.state == RolloutStatus::State::Done;
    c->rolloutFailed = rollout.state == RolloutStatus::State::Failed;
    c->rolloutMessage = rollout.message;
    c->createdAt = parseTimestamp(meta[u"creationTimestamp"].toString());
    c->deployedAt = parseTimestamp(meta[u"annotations"].toObject()[DeployedAtKey].toString());
    return true;
}

QJsonObject BlueGreenSchema::switchAnnotations(const Switch &s)
{
    const bool verifying = s.verifyUntil.isValid();
    return {{ActiveColourKey, s.to},
            {SwitchedAtKey, timestamp(s.at)},
            {SwitchedByKey, s.actor},
            {CommitKey, s.commit},
            {PreviousColourKey, orNull(s.from)},
            {PreviousCommitKey,
             s.from.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.fromCommit)},
            {PhaseKey, verifying ? QStringLiteral("verifying") : QStringLiteral("stable")},
            {VerifyUntilKey, timeOrNull(s.verifyUntil)},
            {VerifierKey, verifying ? orNull(s.verifier) : QJsonValue(QJsonValue::Null)},
            {ScaleDownAtKey, timeOrNull(s.scaleDownAt)}};
}

QJsonObject BlueGreenSchema::verifiedAnnotations(const QDateTime &scaleDownAt)
{
    return {{PhaseKey, QStringLiteral("stable")},
            {VerifyUntilKey, QJsonValue::Null},
            {VerifierKey, QJsonValue::Null},
            {ScaleDownAtKey, timeOrNull(scaleDownAt)}};
}

QJsonObject BlueGreenSchema::clearScaleDownAnnotation()
{
    return {{ScaleDownAtKey, QJsonValue::Null}};
}

QJsonObject BlueGreenSchema::verifierAnnotation(const QString &owner)
{
    return {{VerifierKey, owner}};
}

bool BlueGreenSchema::carriesSwitch(const QJsonObject &service, const QJsonObject &annotations)
{
    const QJsonObject ann = service[u"metadata"][u"annotations"].toObject();
    return ann[SwitchedAtKey] == annotations[SwitchedAtKey]
        && ann[SwitchedByKey] == annotations[SwitchedByKey];
}

QByteArray BlueGreenSchema::annotationsPatch(const QJsonObject &annotations,
                                             const QString &resourceVersion)
{
    QJsonObject meta{{QStringLiteral("annotations"), annotations}};
    if (!resourceVersion.isEmpty())
        meta.insert(QStringLiteral("resourceVersion"), resourceVersion);
    return QJsonDocument(QJsonObject{{QStringLiteral("metadata"), meta}})
        .toJson(QJsonDocument::Compact);
}

QByteArray BlueGreenSchema::switchPatch(const EnvironmentSpec &env, const QString &to,
                                        const QJsonObject &annotations,
                                        const QString &resourceVersion)
{
    QJsonObject meta{{QStringLiteral("annotations"), annotations}};
    if (!resourceVersion.isEmpty())
        meta.insert(QStringLiteral("resourceVersion"), resourceVersion);
    const QJsonObject body{{QStringLiteral("metadata"), meta},
                           {QStringLiteral("spec"),
                            QJsonObject{{QStringLiteral("selector"), colourLabels(env, to)}}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace pw::core
