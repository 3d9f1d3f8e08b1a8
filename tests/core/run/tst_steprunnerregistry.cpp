// The registry picks the runner for a step's kind (and for a stage with an image), says why
// when it has none, and hands out each used kind's run clean-up once.
#include "core/run/steprunner.h"
#include "core/run/stepcontext.h"
#include "core/run/steprunnerregistry.h"

#include <QTest>

using namespace pw::core;

namespace {

class NamedRunner : public StepRunner
{
public:
    NamedRunner(QString name, QObject *parent) : StepRunner(parent), name(std::move(name)) {}
    void start() override {}
    void cancel() override {}
    QString name;
};

StepRunnerRegistry::Factory named(const QString &name)
{
    return [name](const StepContext &, QObject *parent, QString *) -> StepRunner * {
        return new NamedRunner(name, parent);
    };
}

StepContext contextFor(const QString &kind, const QString &image = {})
{
    StepContext c;
    c.step.kind = kind;
    c.stage.id = QStringLiteral("s");
    c.stage.image = image;
    return c;
}

QString runnerName(const StepRunnerRegistry &r, const StepContext &c, QString *error)
{
    QObject parent;
    auto *runner = static_cast<NamedRunner *>(r.create(c, &parent, error));
    return runner ? runner->name : QString();
}

} // namespace

class tst_StepRunnerRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void picksByKindAndImage()
    {
        StepRunnerRegistry r;
        r.add(QStringLiteral("run"), named(QStringLiteral("shell")));
        r.addInImage(QStringLiteral("run"), named(QStringLiteral("container")));
        r.add(QStringLiteral("gate"), named(QStringLiteral("gate")));
        QString error;
        QCOMPARE(runnerName(r, contextFor(QStringLiteral("run")), &error), u"shell"_qs);
        QCOMPARE(runnerName(r, contextFor(QStringLiteral("run"), QStringLiteral("alpine")), &error),
                 u"container"_qs);
        // A kind without an in-image runner runs as it always does, image or not.
        QCOMPARE(runnerName(r, contextFor(QStringLiteral("gate"), QStringLiteral("alpine")),
                            &error),
                 u"gate"_qs);
        QVERIFY(error.isEmpty());
    }

    void unknownKindSaysWhich()
    {
        StepRunnerRegistry r;
        QString error;
        QCOMPARE(runnerName(r, contextFor(QStringLiteral("teleport")), &error), QString());
        QVERIFY2(error.contains(QStringLiteral("teleport")), qPrintable(error));
        QVERIFY(!r.supports(QStringLiteral("teleport")));
    }

    void cleanupsOncePerUsedKind()
    {
        StepRunnerRegistry r;
        QStringList calls;
        r.add(QStringLiteral("docker-run"), named(QStringLiteral("d")));
        r.addRunCleanup(QStringLiteral("docker-run"),
                        [&calls](const QString &key) { calls << u"docker "_qs + key; });
        r.addRunCleanup(QStringLiteral("unused"),
                        [&calls](const QString &) { calls << u"unused"_qs; });
        Pipeline p;
        for (const char *id : {"a", "b"}) {
            StageSpec stage;
            stage.id = QString::fromLatin1(id);
            for (int i = 0; i < 2; ++i) {
                StepSpec step;
                step.kind = QStringLiteral("docker-run");
                stage.steps << step;
            }
            p.stages << stage;
        }
        const auto cleanups = r.cleanupsFor(p);
        QCOMPARE(cleanups.size(), 1);
        cleanups.first()(u"abc-7"_qs);
        QCOMPARE(calls, QStringList{u"docker abc-7"_qs});
    }

    void runKeyTellsDataDirectoriesApart()
    {
        // Run 1 of two data directories: two keys, so one run's clean-up never removes the
        // other's containers; the same directory (however it is written) gives the same key.
        const QString a = runKey(u"/tmp/pw-a"_qs, 1);
        QCOMPARE(a, runKey(u"/tmp/pw-a/"_qs, 1));
        QVERIFY(a != runKey(u"/tmp/pw-b"_qs, 1));
        QVERIFY(a != runKey(u"/tmp/pw-a"_qs, 2));
        QVERIFY(a.endsWith(u"-1"_qs));
    }

    void expandsVariablesWithoutTouchingTheRest()
    {
        StepContext c;
        c.env.insert(QStringLiteral("PW_COMMIT"), QStringLiteral("abc123"));
        c.step.params.insert(QStringLiteral("tags"),
                             QStringList{QStringLiteral("img:${PW_COMMIT}"),
                                         QStringLiteral("img:${UNKNOWN}")});
        c.step.params.insert(QStringLiteral("context"), QStringLiteral("./${PW_COMMIT}/x"));
        const QVariantMap p = c.expandedParams();
        QCOMPARE(p.value(QStringLiteral("tags")).toStringList(),
                 (QStringList{u"img:abc123"_qs, u"img:${UNKNOWN}"_qs}));
        QCOMPARE(p.value(QStringLiteral("context")).toString(), u"./abc123/x"_qs);
    }
};

QTEST_GUILESS_MAIN(tst_StepRunnerRegistry)
#include "tst_steprunnerregistry.moc"
