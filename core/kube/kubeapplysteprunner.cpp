#include "kubeapplysteprunner.h"

#include "kubeclient.h"
#include "kubeconnection.h"
#include "kubemanifestloader.h"

#include "core/pipeline/pipeline.h"

#include <QTimer>

namespace pw::core {

KubeApplyStepRunner::KubeApplyStepRunner(QStringList manifests, QString baseDir,
                                         KubeStepTarget target, bool force,
                                         QMap<QString, QString> images, QObject *parent)
    : StepRunner(parent)
    , m_manifests(std::move(manifests))
    , m_baseDir(std::move(baseDir))
    , m_target(std::move(target))
    , m_force(force)
    , m_images(std::move(images))
    , m_task(this)
{}

KubeApplyStepRunner *KubeApplyStepRunner::fromStep(const StepSpec &step,
                                                   const QString &workspace,
                                                   const QProcessEnvironment &env,
                                                   QObject *parent)
{
    QMap<QString, QString> images;
    const QVariantMap m = step.params.value(QStringLiteral("images")).toMap();
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        images.insert(it.key(), it.value().toString());
    QStringList manifests = step.params.value(QStringLiteral("manifests")).toStringList();
    return new KubeApplyStepRunner(
        manifests, workspace,
        KubeStepTarget::fromEnvironment(step.param(QStringLiteral("context")),
                                        step.param(QStringLiteral("namespace")), env),
        step.params.value(QStringLiteral("force")).toBool(), images, parent);
}

void KubeApplyStepRunner::finish(bool ok, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_task.cancel();
    emit finished(ok, ok ? 0 : -1, message);
}

void KubeApplyStepRunner::cancel()
{
    if (m_done)
        return;
    // finished() still follows, from the event loop like a process's would.
    m_task.cancel();
    QTimer::singleShot(0, this, [this] { finish(false, QStringLiteral("cancelled")); });
}

void KubeApplyStepRunner::start()
{
    m_task.start([this, manifests = m_manifests, baseDir = m_baseDir, target = m_target,
                  force = m_force, images = m_images](const KubeBackgroundTask::Handle &h) {
        auto say = [&](OutputStream s, const QString &line) {
            h.post([this, s, line] { emit output(s, line.toUtf8() + '\n'); });
        };
        auto done = [&](bool ok, const QString &message) {
            h.post([this, ok, message] { finish(ok, message); });
        };
        QList<KubeManifest> objects;
        QString error;
        if (!KubeManifestLoader::load(manifests, baseDir, &objects, &error))
            return done(false, error);
        if (objects.isEmpty())
            return done(false, QStringLiteral("no objects in %1").arg(manifests.join(u' ')));
        const int changed = KubeManifestLoader::setImages(objects, images);
        if (!images.isEmpty() && changed == 0)
            say(OutputStream::Stderr,
                QStringLiteral("warning: no container matched the images field"));
        KubeConnection conn;
        QStringList warnings;
        if (!target.resolve(&conn, &warnings, &error))
            return done(false, error);
        for (const QString &w : warnings)
            say(OutputStream::Stderr, QStringLiteral("warning: ") + w);
        const KubeClient client(conn, h.cancelFlag());
        for (const KubeManifest &m : objects) {
            if (h.cancelled())
                return;
            QString err;
            const auto res = client.resource(m.object.value(QStringLiteral("apiVersion"))
                                                 .toString(),
                                             m.kind(), &err);
            if (!res)
                return done(false, m.location() + QStringLiteral(": ") + err);
            const QString ns = m.object.value(QStringLiteral("metadata")).toObject()
                                   .value(QStringLiteral("namespace")).toString();
            // Read first only to tell created / configured / unchanged apart, like kubectl.
            const KubeResult before = client.get(res->groupVersion(), res->kind, m.name(), ns);
            const KubeResult r = client.apply(m.object, force);
            if (!r.ok)
                return done(false, QStringLiteral("%1: %2/%3: %4")
                                       .arg(m.location(), res->displayName(), m.name(),
                                            r.message));
            // Controllers write status between our read and our apply, so a new
            // resourceVersion alone does not mean our apply changed something: for objects
            // with a generation, spec changes bump it; labels/annotations are compared.
            const auto sameObject = [](const QJsonObject &a, const QJsonObject &b) {
                const QJsonObject ma = a.value(QStringLiteral("metadata")).toObject();
                const QJsonObject mb = b.value(QStringLiteral("metadata")).toObject();
                if (ma.value(QStringLiteral("resourceVersion"))
                    == mb.value(QStringLiteral("resourceVersion")))
                    return true;
                return ma.contains(QStringLiteral("generation"))
                       && ma.value(QStringLiteral("generation"))
                              == mb.value(QStringLiteral("generation"))
                       && ma.value(QStringLiteral("labels")) == mb.value(QStringLiteral("labels"))
                       && ma.value(QStringLiteral("annotations"))
                              == mb.value(QStringLiteral("annotations"));
            };
            const QString verb = !before.ok ? QStringLiteral("created")
                                 : sameObject(before.object, r.object)
                                     ? QStringLiteral("unchanged")
                                     : QStringLiteral("configured");
            say(OutputStream::Stdout,
                QStringLiteral("%1/%2 %3 (server-side apply%4)")
                    .arg(res->displayName(), m.name(), verb,
                         force ? QStringLiteral(", forced") : QString()));
        }
        done(true, QStringLiteral("applied %1 object(s)").arg(objects.size()));
    });
}

} // namespace pw::core
