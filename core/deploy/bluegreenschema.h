#pragma once

#include "bluegreenstatus.h"

#include "core/pipeline/pipeline.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace pw::core {

// What Pipewright keeps on the cluster for one blue/green environment, as pure functions:
// the `pipewright.dev/*` annotations of the Service (active and previous colour and commit,
// who switched and when, the phase and its deadlines, which process verifies) and of each
// Deployment (when Pipewright applied it), the labels app/colour/commit, and the rules that
// tell our own writes from a hand edit. BlueGreenCluster reads and writes through these; no
// other file spells an annotation key. Stateless; testable without a cluster.
class BlueGreenSchema
{
public:
    static const QString ActiveColourKey;
    static const QString SwitchedAtKey;
    static const QString SwitchedByKey;
    static const QString CommitKey;
    static const QString PreviousColourKey;
    static const QString PreviousCommitKey;
    static const QString PhaseKey;
    static const QString VerifyUntilKey;
    static const QString VerifierKey;
    static const QString ScaleDownAtKey;
    static const QString DeployedAtKey; // on the Deployment

    static bool isColour(const QString &colour);
    // `<app>-<colour>`.
    static QString deploymentName(const EnvironmentSpec &env, const QString &colour);
    // {app, colour}: the Service's selector and each Deployment's matchLabels.
    static QJsonObject colourLabels(const EnvironmentSpec &env, const QString &colour);
    // `text` as a label value: at most 63 characters of [A-Za-z0-9_.-], alphanumeric at both
    // ends (a full git SHA fits unchanged).
    static QString labelValue(const QString &text);

    // Times are stored as UTC ISO 8601 with milliseconds.
    static QString timestamp(const QDateTime &t);
    static QDateTime parseTimestamp(const QString &text);

    // Fills the Service's part of `s` (serviceExists … verifier) from `service`. False with
    // *error when it was changed by hand: a selector other than exactly {app, colour}, or
    // one that disagrees with the active-colour annotation (both are written in one PATCH).
    static bool readService(const QJsonObject &service, const EnvironmentSpec &env,
                            BlueGreenStatus *s, QString *error);
    // Fills `c` from the Deployment of `colour`. False with *error when its labels or its
    // selector are not ours (changed by hand).
    static bool readDeployment(const QJsonObject &deployment, const EnvironmentSpec &env,
                               const QString &colour, BlueGreenStatus::Colour *c, QString *error);

    // One switch of traffic, as recorded on the Service.
    struct Switch
    {
        QString to;
        QString from; // empty: the first traffic
        QString fromCommit;
        QString commit; // of `to`
        QString actor;
        QDateTime at;
        QDateTime verifyUntil; // valid: phase verifying until then, else stable
        QString verifier;      // the process verifying (SmokeCheck::ownerId())
        QDateTime scaleDownAt; // when `from` scales to zero; invalid: not scheduled
    };
    // Every annotation of a switch; unset fields are null (a merge patch removes them).
    static QJsonObject switchAnnotations(const Switch &s);
    // A verification window that passed: phase stable, `from` scales down at `scaleDownAt`
    // (invalid: nothing to scale down).
    static QJsonObject verifiedAnnotations(const QDateTime &scaleDownAt);
    static QJsonObject clearScaleDownAnnotation();
    static QJsonObject verifierAnnotation(const QString &owner);
    // Whether `service` carries the switch whose annotations are `annotations` (same time
    // and actor): a repeated write that met 409 may have met its own first attempt.
    static bool carriesSwitch(const QJsonObject &service, const QJsonObject &annotations);

    // Merge patches of the Service. A resourceVersion inside one is a precondition: the
    // apiserver answers 409 Conflict when the Service changed since. `resourceVersion`
    // empty: unguarded.
    static QByteArray annotationsPatch(const QJsonObject &annotations,
                                       const QString &resourceVersion);
    static QByteArray switchPatch(const EnvironmentSpec &env, const QString &to,
                                  const QJsonObject &annotations, const QString &resourceVersion);
};

} // namespace pw::core
